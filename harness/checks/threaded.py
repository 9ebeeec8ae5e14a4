"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness's load client drives them all."""

from . import check, SERVER_AND_LOAD, expect


@check("tcp-server/many-clients", 10,
       "50 clients at once, 5 messages each: every reply right, in order, none later than 1 s", needs=SERVER_AND_LOAD)
def many_clients(ctx):
    server = ctx.start_server("tcp")
    expect.load_served(ctx, expect.run_load(ctx, server, connections=50, messages=5), slowest_allowed=1.0)
