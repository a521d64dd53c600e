package fr.accueil.bench;

import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Asks DynamoDB for the read capacity of every Query and GetItem a client makes
 * (ReturnConsumedCapacity TOTAL) and adds it up, without touching the adapters' code.
 */
final class ConsumedCapacity implements ExecutionInterceptor {
    private final DoubleAdder readUnits = new DoubleAdder();

    double readUnits() {
        return readUnits.sum();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (response instanceof QueryResponse query && query.consumedCapacity() != null) {
            readUnits.add(query.consumedCapacity().capacityUnits());
        } else if (response instanceof GetItemResponse get && get.consumedCapacity() != null) {
            readUnits.add(get.consumedCapacity().capacityUnits());
        }
    }
}
