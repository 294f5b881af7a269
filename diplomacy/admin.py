from django.contrib import admin

from diplomacy.models import Agreement

# Placeholder (issue 6): reminder digests link to the agreement's admin change page.
# Replace with the full AgreementAdmin when it lands.
admin.site.register(Agreement)
