package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.Channel;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.util.Map;

/**
 * {@code POST /api/appointments} (header {@code Idempotency-Key}): a citizen books a slot. 201 with the
 * appointment and its management link; 200 for a repeated key; 409 with the next free slots when full;
 * 400/422 on bad input, with nothing stored.
 */
public final class ApiBookAppointmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final BookingAnswers answers;

    public ApiBookAppointmentHandler() {
        this(AppContext.get().booking());
    }

    public ApiBookAppointmentHandler(BookingContext booking) {
        this.answers = new BookingAnswers(booking);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return answers.book(event, Channel.WEB, true, "api.appointment.booked", null);
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.appointment.book.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }
}
