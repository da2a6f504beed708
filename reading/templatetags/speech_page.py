"""`{% reader_slot "count" row.number %}…{% endreader_slot %}`: a part of the speech page that depends on the reader.

Drawn as it is, except in the text every reader shares (reading/page.py), where it is marked so that each request
can put the reader's own there (their group's note count, marks, handout notes, an open panel).
"""

from django import template

from ..page import slot_marker

register = template.Library()


@register.tag
def reader_slot(parser, token):
    try:
        _, slot, number = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError('{% reader_slot "name" number %} takes a name and a number') from None
    nodelist = parser.parse(("endreader_slot",))
    parser.delete_first_token()
    return ReaderSlotNode(parser.compile_filter(slot), parser.compile_filter(number), nodelist)


class ReaderSlotNode(template.Node):
    def __init__(self, slot, number, nodelist):
        self.slot, self.number, self.nodelist = slot, number, nodelist

    def render(self, context):
        content = self.nodelist.render(context)
        token = context.get("reader_slots")
        if not token:
            return content
        return slot_marker(token, self.slot.resolve(context), int(self.number.resolve(context)), content)
