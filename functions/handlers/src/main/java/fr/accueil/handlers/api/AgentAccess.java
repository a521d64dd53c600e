package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.Actor;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the verified token of an agent's request allows: its Cognito groups, the sites it serves
 * ({@code custom:site}) and the partner it represents ({@code custom:partner}), read from the claims
 * API Gateway's JWT authorizer passes in {@code requestContext.authorizer.jwt.claims} (payload 2.0).
 * The matrix of who may do what is in docs/reliability-and-security.md (« How access works »).
 */
final class AgentAccess {
    /** Every site of the territory, in {@code custom:site}. */
    static final String ALL_SITES = "*";

    /** The user pool's groups (template.yaml, AWS::Cognito::UserPoolGroup), by their names. */
    enum Role {
        AGENT("agents"), MANAGER("managers"), COORDINATOR("coordinators"), REFERENT("referents"),
        DATA_PROTECTION("data-protection");

        final String group;

        Role(String group) {
            this.group = group;
        }

        static Optional<Role> ofGroup(String group) {
            return Arrays.stream(values()).filter(r -> r.group.equals(group)).findFirst();
        }
    }

    /** What an agent route does, and the roles that may do it. */
    enum Action {
        /** The callback list, claiming, releasing and completing a callback. */
        CALLBACKS(Role.AGENT, Role.COORDINATOR),
        /** The day's appointments of a site and their attendance. */
        APPOINTMENTS(Role.AGENT, Role.COORDINATOR, Role.REFERENT),
        /** Booking a slot for a caller or a visitor. */
        BOOK(Role.AGENT, Role.COORDINATOR),
        /** Cancelling a mobile site's stop (its appointments with it). */
        STOPS(Role.AGENT, Role.COORDINATOR),
        /** A contact's history beside a callback or an appointment. */
        HISTORY(Role.AGENT, Role.COORDINATOR, Role.DATA_PROTECTION),
        /** The GDPR export and erasure of everything kept about a contact. */
        PERSONAL_DATA(Role.DATA_PROTECTION),
        /** The audit trail: who did what. */
        AUDIT(Role.COORDINATOR, Role.DATA_PROTECTION),
        /** Quality-of-service and satisfaction figures. */
        FIGURES(Role.MANAGER, Role.COORDINATOR, Role.REFERENT),
        /** The back office's directory: sites with their hours, closures and stops, themes, partners. */
        DIRECTORY(Role.COORDINATOR),
        /** The back office's voice menu and routing rules. */
        VOICE(Role.COORDINATOR),
        /** The back office's permanences: a referent their partner's only ({@link #covers}). */
        PERMANENCES(Role.COORDINATOR, Role.REFERENT);

        final Set<Role> roles;

        Action(Role first, Role... others) {
            this.roles = EnumSet.of(first, others);
        }
    }

    private final String agent;
    private final String name;
    private final Set<Role> roles;
    private final boolean allSites;
    private final Set<String> sites;
    private final String partner;

    private AgentAccess(String agent, String name, Set<Role> roles, boolean allSites, Set<String> sites, String partner) {
        this.agent = agent;
        this.name = name;
        this.roles = roles;
        this.allSites = allSites;
        this.sites = sites;
        this.partner = partner;
    }

    /**
     * The access of the request's verified ID token, or empty when the function must answer 401: no claims,
     * no subject, or a token that is not an ID token (API Gateway checks the audience, or an access token's
     * client_id, but not token_use: an access token of the same client would pass it, without the custom:
     * attributes; Cognito, « Verifying JSON web tokens »).
     */
    static Optional<AgentAccess> of(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .orElse(Map.of());
        String sub = claims.get("sub");
        if (sub == null || sub.isBlank() || !"id".equals(claims.get("token_use"))) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        listClaim(claims.get("cognito:groups")).forEach(g -> Role.ofGroup(g).ifPresent(roles::add));
        Set<String> sites = new LinkedHashSet<>(listClaim(claims.get("custom:site")));
        String partner = Optional.ofNullable(claims.get("custom:partner")).map(String::trim).filter(p -> !p.isEmpty()).orElse(null);
        // The pool signs in by email (UsernameAttributes), so cognito:username is the sub again: email names the user.
        String name = Optional.ofNullable(claims.get("email")).filter(n -> !n.isBlank()).orElse(claims.get("cognito:username"));
        return Optional.of(new AgentAccess(sub, name, roles, sites.remove(ALL_SITES), sites, partner));
    }

    /**
     * A claim holding a list. An HTTP API's JWT authorizer passes an array claim of the token as one string,
     * its items between brackets separated by spaces: {@code "cognito:groups": "[agents managers]"} (measured
     * on a Cognito-backed HTTP API: github.com/floci-io/floci/pull/2011; the same shape reported in
     * github.com/aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock/issues/802).
     * {@code custom:site} is a string attribute holding sites separated by commas. Both are read here, and
     * a claim holding JSON ({@code ["a","b"]}) too, so no shape grants more than its items.
     */
    static List<String> listClaim(String value) {
        if (value == null) {
            return List.of();
        }
        String text = value.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return Arrays.stream(text.split("[\\s,]+")).map(s -> s.replace("\"", "")).filter(s -> !s.isEmpty()).toList();
    }

    String agent() {
        return agent;
    }

    /** Who acts, for the history and the audit trail: the subject and the user's name. */
    Actor actor() {
        return new Actor(agent, name);
    }

    boolean may(Action action) {
        return action.roles.stream().anyMatch(roles::contains);
    }

    /**
     * Whether the action may touch data of this site and partner (null: not known, or not tied to one). A
     * coordinator and the data protection officer act on the whole territory; an agent and a manager on the
     * sites of their {@code custom:site} ({@code *}: all); a referent on their partner's data only, at any site.
     */
    boolean covers(Action action, String siteId, String partnerId) {
        for (Role role : action.roles) {
            if (!roles.contains(role)) {
                continue;
            }
            boolean covered = switch (role) {
                case COORDINATOR, DATA_PROTECTION -> true;
                case AGENT, MANAGER -> allSites || siteId != null && sites.contains(siteId);
                case REFERENT -> partner != null && partner.equals(partnerId);
            };
            if (covered) {
                return true;
            }
        }
        return false;
    }

    /** Whether the action reaches every site: nothing needs filtering. */
    boolean territoryWide(Action action) {
        return may(action) && action.roles.stream().filter(roles::contains)
                .anyMatch(r -> r == Role.COORDINATOR || r == Role.DATA_PROTECTION || (r == Role.AGENT || r == Role.MANAGER) && allSites);
    }

    /** The one site an agent or manager serves, when there is exactly one (a list's default site). */
    Optional<String> onlySite() {
        return !allSites && sites.size() == 1 ? Optional.of(sites.iterator().next()) : Optional.empty();
    }

    /** The partner a referent represents, when the token is a referent's. */
    Optional<String> referentPartner() {
        return roles.contains(Role.REFERENT) ? Optional.ofNullable(partner) : Optional.empty();
    }

    /** The access of a request whose role may do the action, or the 401 or 403 to answer instead. */
    /** The refusal of the figures' routes (statistics and satisfaction) to a group that may not read them. */
    static final String FIGURES_REFUSED = "Les chiffres sont réservés aux responsables, coordinateurs et référents.";

    record Checked(AgentAccess access, APIGatewayV2HTTPResponse refusal) {
    }

    /** @param roleRefusal the French detail of the 403 when no group of the token may do the action */
    static Checked check(APIGatewayV2HTTPEvent event, Action action, String roleRefusal) {
        Optional<AgentAccess> verified = of(event);
        if (verified.isEmpty()) {
            return new Checked(null, unauthenticated());
        }
        return verified.get().may(action) ? new Checked(verified.get(), null) : new Checked(null, roleForbidden(roleRefusal));
    }

    /** 401 for a request without a verified ID token. */
    static APIGatewayV2HTTPResponse unauthenticated() {
        return HttpResponses.problem(401, "non-authentifie", "Authentification requise",
                "Connectez-vous avec votre compte d’agent.");
    }

    /** 403: the role does not allow the action. */
    static APIGatewayV2HTTPResponse roleForbidden(String detail) {
        return HttpResponses.problem(403, "role-interdit", "Action non autorisée", detail);
    }

    /** 403: the data belongs to a site (or a partner) outside the token's scope. */
    static APIGatewayV2HTTPResponse scopeForbidden(String detail) {
        return HttpResponses.problem(403, "site-interdit", "Site non autorisé", detail);
    }
}
