package fr.accueil.domain.satisfaction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The satisfaction port in memory, counting answers in the slices they name, as the DynamoDB adapter does. */
final class InMemorySatisfactionStore implements SatisfactionStore {
    final Map<String, SurveyAnswer> answers = new HashMap<>();
    final Map<String, SurveyInvitation> invitations = new HashMap<>();
    private final Map<String, long[]> counters = new HashMap<>();

    @Override
    public boolean record(SurveyAnswer answer) {
        if (answers.putIfAbsent(answer.channel() + "#" + answer.reference(), answer) != null) {
            return false;
        }
        for (SurveyAnswer.Slice slice : answer.slices()) {
            for (int q = 0; q < answer.scores().size(); q++) {
                long[] counter = counters.computeIfAbsent(slice.siteId() + "|" + answer.day() + "|" + slice.dimension()
                        + "|" + slice.value() + "|" + (q + 1), key -> new long[7]);
                int score = answer.scores().get(q);
                counter[0]++;
                counter[1] += score;
                counter[1 + score]++;
            }
        }
        return true;
    }

    @Override
    public List<SatisfactionCounter> counters(String siteId, LocalDate from, LocalDate to) {
        List<SatisfactionCounter> found = new ArrayList<>();
        counters.forEach((key, c) -> {
            String[] parts = key.split("\\|");
            LocalDate day = LocalDate.parse(parts[1]);
            if (parts[0].equals(String.valueOf(siteId)) && !day.isBefore(from) && !day.isAfter(to)) {
                found.add(new SatisfactionCounter(day, parts[2], parts[3], Integer.parseInt(parts[4]), c[0], c[1],
                        List.of(c[2], c[3], c[4], c[5], c[6])));
            }
        });
        return found;
    }

    @Override
    public boolean invite(SurveyInvitation invitation) {
        return invitations.putIfAbsent(invitation.appointmentId(), invitation) == null;
    }

    @Override
    public Optional<SurveyInvitation> invitation(String appointmentId) {
        return Optional.ofNullable(invitations.get(appointmentId));
    }

    @Override
    public boolean answered(SurveyChannel channel, String reference) {
        return answers.containsKey(channel + "#" + reference);
    }
}
