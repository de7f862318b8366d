"""The one WebSocket per logged-in browser: `/ws/live/`. Thin: it only forwards hints."""

import time

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from oa.core.live import audience_group, person_audiences, person_group, session_group

CLOSE_UNAUTHENTICATED = 4401
# How long the audiences read at connect are trusted before a hint to an audience reads them again (a
# person moved to another department or stripped of a role stops receiving its hints within this time).
AUDIENCE_RECHECK_SECONDS = 60


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """Channels' dispatch first runs `close_old_connections` through `sync_to_async` — a hop to the one
        thread-sensitive worker thread — before every message. A hint to 200 sockets made that 200 hops in a
        row through that one thread (issue 20: most of a group send's latency). This consumer touches the
        database only through `database_sync_to_async`, which closes old connections itself on its thread,
        so its own `live.*` messages skip the hop; the websocket.* ones keep Channels' dispatch."""
        if message["type"].startswith("live."):
            handler = getattr(self, get_handler_name(message), None)
            if handler is not None:
                await handler(message)
                return
        await super().dispatch(message)

    async def connect(self):
        user = self.scope.get("user")
        session = self.scope.get("session")
        if user is None or not user.is_authenticated or session is None or not session.session_key:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.person_id = user.pk
        self.groups_joined = [person_group(user.pk), session_group(session.session_key)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.audiences = set()
        await self._join_audiences(await database_sync_to_async(person_audiences)(user.pk))
        await self.accept()

    async def _join_audiences(self, audiences: set[str]) -> None:
        """Join the groups of `audiences`, leave those of audiences no longer the person's."""
        for audience in self.audiences - audiences:
            await self.channel_layer.group_discard(audience_group(audience), self.channel_name)
        for audience in audiences - self.audiences:
            await self.channel_layer.group_add(audience_group(audience), self.channel_name)
        self.audiences = audiences
        self.audiences_read_at = time.monotonic()

    async def _still_in(self, audience: str) -> bool:
        if time.monotonic() - self.audiences_read_at > AUDIENCE_RECHECK_SECONDS:
            await self._join_audiences(await database_sync_to_async(person_audiences)(self.person_id))
        return audience in self.audiences

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        for audience in getattr(self, "audiences", ()):
            await self.channel_layer.group_discard(audience_group(audience), self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def live_event(self, message):
        audience = message.get("audience")
        if audience is not None and not await self._still_in(audience):
            return  # sent to an audience this person has left since the socket opened
        await self.send_json({"type": "event", "event": message["event"], "payload": message.get("payload", {})})

    async def live_close(self, message):
        await self.close(code=4000)
