from socket import *
from time import ctime
#接收任意地址
HOST = ""
POST = 21567
BUFSIZE = 1024
ADDR = (HOST,POST)
tcpSerSock = socket(AF_INET,SOCK_STREAM)
#将地址(主机名，端口号)绑定到套接字上
tcpSerSock.bind(ADDR)
#设置监听数为5(默认值)
tcpSerSock.listen(5)

while True:
    print("waiting for connection...")
    #拿到5个中一个监听的tcp对象和地址
    tcpCliSock,addr = tcpSerSock.accept()
    print("connection from :",addr)
    while True:
        #接收Tcp信息
        data = tcpCliSock.recv(BUFSIZE)
        if not data:
            break
        data = "at %s :%s" % (ctime(), data)
        #发送Tcp信息
        tcpCliSock.send(data.encode())
    tcpCliSock.close()
tcpSerSock.close()

