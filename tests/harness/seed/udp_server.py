from socket import *
from time import ctime
#接收任意地址
HOST = ""
POST = 21567
BUFSIZE = 1024
ADDR = (HOST,POST)
udpSerSock = socket(AF_INET,SOCK_DGRAM)
#将地址(主机名，端口号)绑定到套接字上
udpSerSock.bind(ADDR)

while True:
    print("waiting for message...")
    #接收客户端信息
    data,addr = udpSerSock.recvfrom(BUFSIZE)
    #python3只能收发二进制数据，需要显式转码
    data = "at %s :%s" % (ctime(), data)
    #发送信息到客户端
    udpSerSock.sendto(data.encode(), addr)
    print("...received from and returned to:",addr)

udpSerSock.close()
