package fr.accueil.bench.coldstart.crac;

/** A resource as a CRaC JDK's {@code jdk.crac.Resource}: what org.crac registers through {@link Core}. */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
