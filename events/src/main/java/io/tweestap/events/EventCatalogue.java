package io.tweestap.events;

import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.challenge.ChallengeRefused;
import io.tweestap.events.challenge.FraudReported;
import io.tweestap.events.challenge.PushesUnblocked;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.EnrollmentCompleted;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.enrollment.MoveAbandoned;
import io.tweestap.events.enrollment.MoveCoSigned;
import io.tweestap.events.enrollment.MoveCompleted;
import io.tweestap.events.enrollment.MoveRequested;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.PhoneVerificationRequested;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.events.enrollment.TemporaryAccessPassRevoked;
import io.tweestap.events.notification.NotificationDelivered;
import io.tweestap.events.notification.NotificationFailed;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.events.sms.SmsSendRefused;
import io.tweestap.events.sms.SmsSent;
import io.tweestap.events.sms.SmsVerificationFailed;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.events.sms.VoiceCallPlaced;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type Tweestap publishes; {@code asyncapi.yaml} describes the same list. */
public final class EventCatalogue {

    public static final List<EventType<?>> ALL = List.of(
            EventType.of(Topic.ENROLLMENT, EnrollmentStarted.class),
            EventType.of(Topic.ENROLLMENT, DeviceRegistered.class),
            EventType.of(Topic.ENROLLMENT, DeviceVerified.class),
            EventType.of(Topic.ENROLLMENT, DeviceRemoved.class),
            EventType.of(Topic.ENROLLMENT, PhoneVerificationRequested.class),
            EventType.of(Topic.ENROLLMENT, PhoneRegistered.class),
            EventType.of(Topic.ENROLLMENT, EnrollmentCompleted.class),
            EventType.of(Topic.ENROLLMENT, RegistrationReset.class),
            EventType.of(Topic.ENROLLMENT, PhoneRemoved.class),
            EventType.of(Topic.ENROLLMENT, TemporaryAccessPassIssued.class),
            EventType.of(Topic.ENROLLMENT, TemporaryAccessPassRedeemed.class),
            EventType.of(Topic.ENROLLMENT, TemporaryAccessPassRevoked.class),
            EventType.of(Topic.ENROLLMENT, DeviceBlocked.class),
            EventType.of(Topic.ENROLLMENT, DeviceUnblocked.class),
            EventType.of(Topic.ENROLLMENT, MoveRequested.class),
            EventType.of(Topic.ENROLLMENT, MoveCoSigned.class),
            EventType.of(Topic.ENROLLMENT, MoveCompleted.class),
            EventType.of(Topic.ENROLLMENT, MoveAbandoned.class),
            EventType.of(Topic.CHALLENGE, ChallengeCreated.class),
            EventType.of(Topic.CHALLENGE, ChallengeApproved.class),
            EventType.of(Topic.CHALLENGE, ChallengeDenied.class),
            EventType.of(Topic.CHALLENGE, ChallengeExpired.class),
            EventType.of(Topic.CHALLENGE, FraudReported.class),
            EventType.of(Topic.CHALLENGE, ChallengeCancelled.class),
            EventType.of(Topic.CHALLENGE, ChallengeRefused.class),
            EventType.of(Topic.CHALLENGE, PushesUnblocked.class),
            EventType.of(Topic.NOTIFICATION, NotificationDelivered.class),
            EventType.of(Topic.NOTIFICATION, NotificationFailed.class),
            EventType.of(Topic.SMS, SmsSent.class),
            EventType.of(Topic.SMS, VoiceCallPlaced.class),
            EventType.of(Topic.SMS, SmsVerified.class),
            EventType.of(Topic.SMS, SmsVerificationFailed.class),
            EventType.of(Topic.SMS, SmsDeliveryFailed.class),
            EventType.of(Topic.SMS, SmsSendRefused.class));

    private static final Map<Class<?>, EventType<?>> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));
    private static final Map<String, EventType<?>> BY_CE_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private EventCatalogue() {
    }

    @SuppressWarnings("unchecked")
    public static <E extends TweestapEvent> EventType<E> typeOf(E event) {
        EventType<?> type = BY_CLASS.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("Not in the event catalogue: " + event.getClass().getName());
        }
        return (EventType<E>) type;
    }

    /** Empty for a type this build does not know, e.g. one added by a newer producer. */
    public static Optional<EventType<?>> byCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }
}
