"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness's load client drives them all."""

from . import check


@check("tcp-server/many-clients", 10,
       "50 clients at once, 5 messages each: every reply right, in order, none later than 1 s")
def many_clients(ctx):
    server = ctx.start_server("tcp")
    ctx.expect_load_served(ctx.run_load(server, connections=50, messages=5), slowest_allowed=1.0)
