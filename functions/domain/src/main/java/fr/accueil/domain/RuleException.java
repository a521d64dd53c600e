package fr.accueil.domain;

/**
 * A request refused by a business rule (the change deadline, a slot out of its booking window), not by a badly
 * typed value: channels word it as a rule — « Demande impossible » and what to do instead —, not as « Saisie invalide ».
 */
public class RuleException extends ValidationException {
    public RuleException(String field, String message) {
        super(field, message);
    }
}
