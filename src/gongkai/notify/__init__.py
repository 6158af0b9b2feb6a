"""SMS, e-mail and in-app messages (see :mod:`gongkai.notify.services`)."""
