"""JSON Lines as Django writes them, but with times to the microsecond.

Django's JSON encoder cuts datetimes to milliseconds (for JavaScript's sake); a backup must give back what
the database held, or a result recorded 0.4 ms after its appointment would come back "on time".
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = jsonl.Deserializer
