package io.tweestap.enrollment.wizard;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the user's own methods page (decision 0090). English here; Dutch in
 * {@code messages/mm_nl.properties}. The header's texts (account, language) are the wizard's.
 */
@MessageBundle(value = "mm", locale = "en")
public interface MethodsMessages {

    @Message("My sign-in methods")
    String title();

    @Message("These are the ways you confirm that it is you when you sign in. Keep at least one that works.")
    String intro();

    @Message("Authenticator app")
    String authenticator();

    @Message("Phone (text message or call)")
    String phone();

    @Message("Added")
    String added();

    @Message("Last used")
    String lastUsed();

    @Message("not recorded")
    String notRecorded();

    @Message("Default method")
    String isDefault();

    @Message("Blocked")
    String blocked();

    @Message("Not confirmed yet")
    String notVerified();

    @Message("New name for this device")
    String nameLabel();

    @Message("Rename")
    String rename();

    @Message("Make default")
    String makeDefault();

    @Message("I lost this phone")
    String lost();

    @Message("Remove")
    String remove();

    @Message("Change number")
    String changeNumber();

    @Message("Add another authenticator")
    String addAuthenticator();

    @Message("Back")
    String back();

    @Message("You have no sign-in methods yet.")
    String none();

    @Message("The device was renamed.")
    String doneRenamed();

    @Message("The method was removed.")
    String doneRemoved();

    @Message("This is now your default method.")
    String doneDefault();

    @Message("The device is blocked: nobody can sign in with it any more. Your administrators have been told."
            + " Ask them if you find it again.")
    String doneLost();

    @Message("This method is not (any more) one of yours. The page shows your methods as they are now.")
    String errNotFound();

    @Message("A name needs 1 to 64 characters.")
    String errNameInvalid();

    @Message("You cannot remove this method: your organisation requires it, and it is the last one of its kind."
            + " Add another one first.")
    String errLastMethod();

    @Message("Only a confirmed method that is not blocked can be your default.")
    String errNotUsable();

    @Message("This link has expired. Go back to where you signed in to get a new one.")
    String errLinkExpired();

    @Message("This link has been used already. Each link works once; go back to where you signed in to get a new one.")
    String errLinkUsed();

    @Message("This link is not valid. Go back to where you signed in to get a new one.")
    String errLinkUnknown();

    @Message("Your session has ended. Go back to where you signed in to open this page again.")
    String errSessionExpired();

    @Message("This could not be done right now. Please try again in a moment.")
    String errUnavailable();

    @Message("Move to a new phone")
    String moveToNewPhone();

    @Message("You are moving to a new phone.")
    String moveUnderWay();

    @Message("Continue the move")
    String moveContinue();

    @Message("Move to a new phone")
    String moveTitle();

    @Message("Your new phone takes over from your old one. Your old phone must approve it, so keep it at hand.")
    String moveIntro();

    @Message("Step 1 of 2: set up the Tweestap app on your new phone and scan the QR code. Then come back to this page.")
    String moveRequested();

    @Message("Show the QR code")
    String moveShowQr();

    @Message("Step 2 of 2: open Tweestap on your old phone, approve the request and type this number there:")
    String moveAwaiting();

    @Message("Old phone")
    String moveOldDevice();

    @Message("New phone")
    String moveNewDevice();

    @Message("Check again")
    String moveCheck();

    @Message("Done. Your new phone is now your authenticator, and your old phone has been removed.")
    String moveCompleted();

    @Message("The move was stopped. Your old phone works as before. Why:")
    String moveAbandoned();

    @Message("There is no move to a new phone to show.")
    String moveNone();

    @Message("Back to my sign-in methods")
    String moveBack();

    @Message("The request was denied on your old phone.")
    String whyDenied();

    @Message("The number typed on your old phone was not the one shown here.")
    String whyWrongNumber();

    @Message("The request was reported as not made by you.")
    String whyFraudReported();

    @Message("It was not approved in time.")
    String whyNotAnswered();

    @Message("One of the phones was removed or blocked meanwhile.")
    String whyDeviceGone();

    @Message("Your old phone could not be asked (it may be blocked).")
    String whyRefused();

    @Message("A move to a new phone is already under way. Finish it, or wait until it is stopped (10 minutes at most).")
    String errMoveUnderWay();

    @Message("Only a confirmed authenticator that is not blocked can approve a move. Add the new phone as another authenticator instead.")
    String errMoveNotPossible();

    @Message("This move to a new phone has ended. Go back to your sign-in methods to see how it ended.")
    String moveEnded();
}
