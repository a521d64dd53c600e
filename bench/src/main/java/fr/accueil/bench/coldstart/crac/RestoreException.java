package fr.accueil.bench.coldstart.crac;

/** A hook failed after the restore: SnapStart would fail the invocation. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;
}
