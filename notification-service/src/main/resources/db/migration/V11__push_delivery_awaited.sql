-- Whether the challenge's producer acts on this push reaching the device (ChallengeCreated.deliveryAwaited,
-- decision 0115): repeated on the NotificationDelivered the delivery writes, so that challenge-service
-- spends no transaction on a delivery it would not act on. NULL (rows before this, notices, creations
-- that did not say) is read as awaited.
ALTER TABLE push ADD COLUMN delivery_awaited boolean;
