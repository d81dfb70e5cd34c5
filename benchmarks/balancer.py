"""A round-robin TCP load balancer on loopback, for `make loadtest --servers N`.

Each new client connection goes to the next app server in turn, as a load balancer in front of
several gunicorn servers does; bytes are copied both ways until either side closes. Sessions,
throttle counts and the badge count live in PostgreSQL, so any server can answer any request.

    python -m benchmarks.balancer --port 8303 --backend 8304 --backend 8305
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys

LOOPBACK = "127.0.0.1"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(port: int, backends: list[int]) -> None:
    turns = itertools.cycle(backends)

    async def forward(client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(LOOPBACK, next(turns))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pipe(client_reader, server_writer), _pipe(server_reader, client_writer)
        )

    server = await asyncio.start_server(forward, LOOPBACK, port)
    async with server:
        await server.serve_forever()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="where clients connect")
    parser.add_argument("--backend", type=int, action="append", required=True, help="app port")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, args.backend))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
