"""The one WebSocket per logged-in browser: `/ws/live/`. Thin: it only forwards hints."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from oa.core.live import person_group, session_group

CLOSE_UNAUTHENTICATED = 4401


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        session = self.scope.get("session")
        if user is None or not user.is_authenticated or session is None or not session.session_key:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.groups_joined = [person_group(user.pk), session_group(session.session_key)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def live_event(self, message):
        await self.send_json({"type": "event", "event": message["event"], "payload": message.get("payload", {})})

    async def live_close(self, message):
        await self.close(code=4000)
