package fr.accueil.domain.callback;

import java.time.Duration;

/**
 * One call a dispatch run will place.
 *
 * @param attempt the attempt it is (the same again for a lapsed dialing lease)
 * @param offset  when to place it, counted from the start of the run, to keep the pace
 */
public record PlannedDial(Callback callback, int attempt, String clientToken, Duration offset) {
}
