"""What libmpv's threads report reaches the GUI thread, in order, with no Qt call on theirs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine
from typing import Any

from reel_qt.playback.thread_relay import ThreadRelay
from tests.player.conftest import until

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


def test_items_put_from_other_threads_arrive_in_order_on_this_thread(
    qapp: Any, event_loop_runner: Runner
) -> None:
    received: list[tuple[int, int, bool]] = []
    gui = threading.get_ident()
    relay = ThreadRelay(lambda item: received.append((*item, threading.get_ident() == gui)))
    put = relay.mailbox.put  # all a foreign thread gets: no PySide object

    def worker(number: int) -> None:
        for n in range(500):
            put((number, n))

    async def scenario() -> None:
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        await until(lambda: len(received) == 2000, what="every item delivered")
        assert all(on_gui for _k, _n, on_gui in received)
        for k in range(4):
            assert [n for w, n, _g in received if w == k] == list(range(500))
        relay.close()
        put((9, 9))  # after close: dropped, no error
        assert len(received) == 2000

    event_loop_runner(scenario())
