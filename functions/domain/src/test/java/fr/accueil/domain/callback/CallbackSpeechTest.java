package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackSpeechTest {

    @ParameterizedTest
    @CsvSource({
        "2025-11-24T08:00, 2025-11-24T09:00, 2025-11-24T10:00, Nous vous rappellerons aujourd'hui entre 9 h et 10 h.",
        "2025-11-23T20:00, 2025-11-24T09:00, 2025-11-24T10:00, Nous vous rappellerons demain entre 9 h et 10 h.",
        "2025-11-20T10:00, 2025-11-24T14:30, 2025-11-24T15:30, Nous vous rappellerons lundi 24 novembre entre 14 h 30 et 15 h 30.",
        "2025-11-28T10:00, 2025-12-01T16:30, 2025-12-01T17:00, Nous vous rappellerons lundi 1er décembre entre 16 h 30 et 17 h."
    })
    void confirmsTheWindowInTheSitesWords(String now, String from, String to, String sentence) {
        assertEquals(sentence, CallbackSpeech.confirmation(window(from, to), paris(now)));
    }

    @Test
    void remindsACallerWhoAsksAgain() {
        assertEquals("Vous avez déjà une demande de rappel en cours. Nous vous rappellerons demain entre 9 h et 10 h.",
                CallbackSpeech.alreadyPending(window("2025-11-25T09:00", "2025-11-25T10:00"), paris("2025-11-24T15:00")));
    }

    @Test
    void speaksMinutesWithTwoDigits() {
        assertEquals("9 h 05", CallbackSpeech.hour(LocalTime.of(9, 5)));
        assertEquals("mercredi 26 novembre", CallbackSpeech.day(LocalDate.of(2025, 11, 26), LocalDate.of(2025, 11, 24)));
    }
}
