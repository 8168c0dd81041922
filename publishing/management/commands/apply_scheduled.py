from django.core.management.base import BaseCommand

from publishing import services


class Command(BaseCommand):
    help = (
        "Apply the scheduled drafts whose time has come, and announce the next one to the "
        "shared cache. Requests do both by themselves; run this after the cache was flushed "
        "(it forgets the next scheduled time), or from cron as a backstop."
    )

    def handle(self, *args, **options):
        done = services.apply_due()  # announces the next scheduled time too
        for obj in done:
            self.stdout.write(f"Applied: {obj}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} scheduled change(s) applied."))
        for draft in services.not_applied():  # kept, with why, for an editor
            reason = (draft.not_applied or {}).get("reason", "")
            self.stdout.write(
                self.style.WARNING(
                    f"Not applied at its time ({reason}): {draft.content_object}; "
                    "see Scheduled changes in the admin."
                )
            )
