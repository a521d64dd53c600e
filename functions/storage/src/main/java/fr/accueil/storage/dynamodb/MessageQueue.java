package fr.accueil.storage.dynamodb;

import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.Outgoing;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Where messages are put: on their own ({@link #send}), or as items of the transaction that causes them. */
public interface MessageQueue extends MessageSender {
    /** The puts of these messages, for the transaction of their cause. */
    List<TransactWriteItem> writes(List<Outgoing> messages);
}
