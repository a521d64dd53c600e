package fr.accueil.bench.coldstart.crac;

/** A context as a CRaC JDK's {@code jdk.crac.Context}: a resource holding resources. */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
