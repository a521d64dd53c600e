package fr.accueil.domain.booking;

import java.util.List;

/**
 * One page of a store query.
 *
 * @param nextCursor where the next page starts, opaque to the domain, or null after the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
