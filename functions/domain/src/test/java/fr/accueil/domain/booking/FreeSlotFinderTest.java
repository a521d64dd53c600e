package fr.accueil.domain.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreeSlotFinderTest {
    /** Monday 1 December 2025, 10:00 in Metz: the Tuesday slots from the 2nd at 10:00 are 24 h ahead. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T09:00:00Z"), ZoneOffset.UTC);

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final FreeSlotFinder finder = new FreeSlotFinder("moselle", directory, slots, CLOCK);

    FreeSlotFinderTest() {
        directory.save("moselle", Fixtures.metz());
        directory.save("moselle", Fixtures.permanence(Fixtures.TUESDAYS, "09:00-12:00", 30));
        slots.save(List.of(
                Fixtures.slot("2025-12-02T09:30", 30, 1, 0),
                Fixtures.slot("2025-12-02T10:00", 30, 1, 0),
                Fixtures.slot("2025-12-02T10:30", 30, 1, 1),
                Fixtures.slot("2025-12-02T11:00", 30, 1, 0),
                Fixtures.slot("2025-12-09T09:00", 30, 1, 0),
                Fixtures.slot("2026-03-03T09:00", 30, 1, 0)));
    }

    private static SlotSearch search(String pageSize, String cursor) {
        return SlotSearch.parse("carsat", null, List.of(), "2025-12-01", "2026-01-31", pageSize, cursor);
    }

    @Test
    void offersFreeSlotsBookableNowPageByPage() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Slot> page = finder.find(search("2", cursor));
            page.items().forEach(slot -> seen.add(slot.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        // Not 09:30 (less than the 24 h notice), not 10:30 (full), not March (beyond the search).
        assertEquals(List.of("carsat-metz#20251202T1000", "carsat-metz#20251202T1100", "carsat-metz#20251209T0900"), seen);
    }

    @Test
    void aSearchForAnotherPartnerFindsNothing() {
        Page<Slot> page = finder.find(SlotSearch.parse("caf", null, List.of(), "2025-12-01", "2025-12-31", null, null));
        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void aTamperedCursorIsABadInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> finder.find(search("2", "!!")));
        assertEquals("cursor", e.field());
    }

    @Test
    void offersTheNextFreeSlotsOfAPermanence() {
        assertEquals(List.of("carsat-metz#20251202T1000", "carsat-metz#20251202T1100"),
                finder.nextFree("carsat-metz", 2).stream().map(Slot::id).toList());
    }
}
