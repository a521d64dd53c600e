package fr.accueil.domain.callback;

/** What one call attempt gave, as the contact flow or the agent reports it. */
public enum CallOutcome {
    REACHED("joint"),
    NO_ANSWER("pas de réponse"),
    BUSY("occupé"),
    WRONG_NUMBER("numéro erroné"),
    CANCELLED_BY_CITIZEN("annulé par l’usager"),
    DIAL_ERROR("erreur d’appel");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    /** French, for agents' screens and failure reasons. */
    public String label() {
        return label;
    }
}
