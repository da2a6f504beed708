"""How every form of the site draws itself: `{{ form }}` and `{{ field.as_field_group }}` through one field
template (templates/forms/field.html) and one errors block (templates/forms/errors.html).

The field template prints the ids Django's `aria-describedby` points at (`<id>_helptext`, `<id>_error`), so a
screen reader reads a field's help and its errors with it. A form names the fields whose label only screen
readers need (the page says the same thing beside them) in `visually_hidden_labels`.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer, with the project's templates (TEMPLATES, so the builtins and templates/ apply)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
