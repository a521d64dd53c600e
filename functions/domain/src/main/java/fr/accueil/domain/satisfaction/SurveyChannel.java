package fr.accueil.domain.satisfaction;

import java.util.Locale;
import java.util.Optional;

/** Where a satisfaction answer comes from: the end of a handled call, of a callback, or after an appointment. */
public enum SurveyChannel {
    PHONE, CALLBACK, APPOINTMENT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SurveyChannel> of(String key) {
        for (SurveyChannel channel : values()) {
            if (channel.key().equals(key)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
