package io.tweestap.sms.service;

import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.domain.SmsCode;
import java.util.UUID;

/** What the reserving transaction leaves for the hand-over to Vonage; no {@code sendId} when nothing is to be sent. */
record ReservedSend(IssuedCode issued, UUID sendId, String msisdn, Channel channel, Language language,
        SmsCode code, String tenantId, String userId, Purpose purpose) {
}
