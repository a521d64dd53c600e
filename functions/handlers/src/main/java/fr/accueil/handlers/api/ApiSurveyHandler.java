package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.satisfaction.AppointmentSurvey;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The survey link sent after an appointment (web/avis.html): {@code GET /api/surveys/{id}?token=} tells what
 * the appointment was and whether it was answered; {@code POST /api/surveys/{id}?token=} with {@code {score}}
 * records the answer (201), once (409 afterwards). A wrong token, an unknown id and an expired link all answer
 * the same 404.
 */
public final class ApiSurveyHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AppointmentSurvey survey;

    public ApiSurveyHandler() {
        this(AppContext.get().satisfaction().appointmentSurvey());
    }

    public ApiSurveyHandler(AppointmentSurvey survey) {
        this.survey = survey;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = ApiRequests.route(event);
        try {
            String id = ApiRequests.path(event, "id");
            String token = ApiRequests.query(event, "token");
            if (id == null || token == null || token.isBlank()) {
                return HttpResponses.notFound();
            }
            if (route.startsWith("GET ")) {
                AppointmentSurvey.View view = survey.view(id, token);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("partner", view.partnerName());
                json.put("site", view.siteName());
                json.put("date", view.day().toString());
                json.put("answered", view.answered());
                json.put("expires", view.expires().toString());
                return HttpResponses.json(200, json);
            }
            // The link is checked before the body is read: a wrong token learns nothing, even about the body.
            survey.view(id, token);
            Object score = ApiRequests.body(event).get("score");
            boolean recorded = survey.answer(id, token, score == null ? null : String.valueOf(score));
            Log.info("api.survey.answer", Map.of("recorded", recorded));
            if (!recorded) {
                return HttpResponses.problem(409, "deja-repondu", "Déjà répondu",
                        "Vous avez déjà donné votre avis sur ce rendez-vous. Merci !");
            }
            return HttpResponses.json(201, Map.of("recorded", true));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.survey.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }
}
