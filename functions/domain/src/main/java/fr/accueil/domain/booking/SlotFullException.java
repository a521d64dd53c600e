package fr.accueil.domain.booking;

/** The slot has no free place left. Carries the slot id only: nothing about who tried to book. */
public class SlotFullException extends RuntimeException {
    private final String slotId;

    public SlotFullException(String slotId) {
        super("Ce créneau est complet. Choisissez-en un autre.");
        this.slotId = slotId;
    }

    public String slotId() {
        return slotId;
    }
}
