# Sign-ups are counted by core.throttle (core/models.py: ThrottleHit); accounts keeps no tables of its own.
