package fr.accueil.domain.booking;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import java.time.LocalDate;

/**
 * Cancels a mobile site's stops of one date (the bus broke down, the square is taken by a fair). The stop is
 * marked cancelled, then every permanence held at the site is regenerated: its slots of that day are no
 * longer held, so their appointments are cancelled and the citizens told, exactly as for a cancelled date.
 */
public final class StopCancellation {
    private final String territoryId;
    private final DirectoryStore directory;
    private final SlotRegeneration regeneration;

    public StopCancellation(String territoryId, DirectoryStore directory, SlotRegeneration regeneration) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.regeneration = regeneration;
    }

    /** What cancelling did: the slots no longer offered and the booked ones whose citizens were told. */
    public record Cancelled(String siteId, LocalDate date, int slotsRemoved, int bookedSlotsCancelled) {
    }

    public Cancelled cancel(String siteId, LocalDate date) {
        Site site = directory.site(territoryId, siteId).orElseThrow(() -> new NotFoundException("Ce lieu est inconnu."));
        if (!site.mobile()) {
            throw new ValidationException("siteId", "Ce lieu n’est pas itinérant : il n’a pas d’arrêts.");
        }
        boolean planned = site.stops().stream().anyMatch(stop -> stop.date().equals(date));
        if (!planned) {
            throw new NotFoundException("Aucun arrêt n’est prévu à cette date.");
        }
        Site updated = site.withStopsCancelledOn(date);
        directory.save(territoryId, updated);
        int removed = 0;
        int orphaned = 0;
        for (Permanence permanence : directory.permanences(territoryId)) {
            if (permanence.siteId().equals(siteId)) {
                SlotPlan plan = regeneration.regenerate(permanence, updated);
                removed += plan.toDelete().size() + plan.orphaned().size();
                orphaned += plan.orphaned().size();
            }
        }
        return new Cancelled(siteId, date, removed, orphaned);
    }
}
