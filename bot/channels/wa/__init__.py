"""The WhatsApp channel on Meta's WhatsApp Cloud API.

- :mod:`~bot.channels.wa.webhook`: ``/whatsapp`` (handshake, signature, claim, 200)
- :mod:`~bot.channels.wa.updates`: webhook payloads -> messages and statuses
- :mod:`~bot.channels.wa.inbox`: deduplication by message id, durable until answered
- :mod:`~bot.channels.wa.processor`: answers in the background, in order per chat
- :mod:`~bot.channels.wa.render`: a core Reply -> text, reply buttons, list messages
- :mod:`~bot.channels.wa.graph`: sending through the Graph API, with retries
- :mod:`~bot.channels.wa.notifier`: reminders under the 24-hour rule (templates outside)
- :mod:`~bot.channels.wa.channel`: all of it wired from the settings and the core

This package module imports nothing, so that the storage layer can import
:mod:`~bot.channels.wa.tables` cheaply.
"""
