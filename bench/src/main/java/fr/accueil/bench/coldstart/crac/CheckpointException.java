package fr.accueil.bench.coldstart.crac;

/** A hook failed before the snapshot: SnapStart would fail the version's publication. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;
}
