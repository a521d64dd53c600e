package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log scanner finds what it must and leaves masked numbers, ids and stack traces alone. */
class PersonalDataTest {
    @Test
    void findsPhonesEmailsAndNames() {
        for (String leak : List.of("+33612345678", "+33 6 12 34 56 78", "+33.6.12.34.56.78", "06 12 34 56 78", "06.12.34.56.78",
                "0612345678", "03-87-65-43-21", "+262692123456", "jeanne.martin@example.fr", "x+tag@mairie-metz.gouv.fr")) {
            assertEquals(1, PersonalData.in("{\"caller\":\"" + leak + "\"}", List.of()).size(), leak);
        }
        assertEquals(List.of("Kerdraon"), PersonalData.in("{\"name\":\"Gwen KERDRAON\"}", List.of("Kerdraon")));
    }

    @Test
    void leavesMaskedNumbersIdsAndStacksAlone() {
        for (String clean : List.of("+33*******78", "***", "93535adf-fe63-4ad8-bd13-061234567890", "2026-11-23T09:00:00Z",
                "\tat java.base@21.0.5/java.lang.Thread.run(Thread.java:1583)", "\"timeEpoch\":1763888400000",
                "carsat-metz#20261208T0900", "\"attempts\":0")) {
            assertEquals(List.of(), PersonalData.in(clean, List.of("Kerdraon")), clean);
        }
    }
}
