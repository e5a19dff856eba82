package io.tweestap.enrollment.wizard;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text of the setup wizard. English here; Dutch in {@code messages/msg_nl.properties}.
 * Templates use {@code {msg:key}}; Java (errors in JSON) uses {@code MessageBundles.get}.
 */
@MessageBundle(value = "msg", locale = "en")
public interface WizardMessages {

    @Message("Set up two-step verification")
    String title();

    @Message("Language")
    String language();

    @Message("Progress")
    String progressLabel();

    @Message("Step {n} of {total}")
    String stepOf(int n, int total);

    @Message("Get the app")
    String stepApp();

    @Message("Add account")
    String stepAccount();

    @Message("Scan QR code")
    String stepQr();

    @Message("Test notification")
    String stepTest();

    @Message("Phone number")
    String stepPhone();

    @Message("Verify code")
    String stepCode();

    @Message("Done")
    String stepDone();

    @Message("Next")
    String next();

    @Message("Back")
    String back();

    /** Labels the account being set up, shown on every page. */
    @Message("Account")
    String accountLabel();

    @Message("More information required")
    String requiredTitle();

    @Message("Your organisation needs more information to keep your account secure. This takes about five minutes.")
    String requiredText();

    @Message("Use a different account")
    String switchAccount();

    @Message("More information")
    String moreInfo();

    @Message("With only a password your account is at risk: anyone who learns it can sign in as you. That is why your organisation asks for a second step. After your password, you approve the sign-in on your phone; without your phone nobody gets in.")
    String moreInfoWhy();

    @Message("Setting it up takes about five minutes. You scan a QR code on this page with your phone's camera: it opens the Tweestap Authenticator app in your phone's browser, which links itself to your account. Then you add a phone number where we can text or call you with a code, for when the app does not work.")
    String moreInfoWhat();

    @Message("Get the Tweestap Authenticator app")
    String appTitle();

    @Message("Tweestap Authenticator is a web app: there is nothing to get from an app store. It opens in your phone's browser when you scan the QR code two steps on, or at the address below. Add it to your home screen so that it is at hand: on Android in Chrome, menu ⋮ then \"Install app\" or \"Add to Home screen\"; on an iPhone (iOS 16.4 or later) in Safari, Share then \"Add to Home Screen\". Already have it? Choose Next.")
    String appText();

    @Message("Your organisation also offers it as an app from the store:")
    String nativeAppsText();

    @Message("Set up your account in the app")
    String accountTitle();

    @Message("On the next page you add your work or school account to the app by scanning a QR code with your phone's camera. When the app asks, allow notifications: then sign-ins also reach you while the app is closed.")
    String accountText();

    @Message("Scan the QR code")
    String qrTitle();

    @Message("Scan the QR code with your phone's camera and open the link it shows. The Tweestap Authenticator app opens and links itself to your account.")
    String qrText();

    @Message("QR code to link the app to your account")
    String qrAlt();

    @Message("Can't scan the image?")
    String cantScan();

    @Message("Open the app at this address on your phone, choose \"Enter a code\" and type the activation code. (The command-line authenticator also needs the server address.)")
    String cantScanText();

    @Message("Activation code")
    String activationCodeLabel();

    @Message("Server address")
    String serverLabel();

    @Message("App address")
    String appAddressLabel();

    @Message("This code works once, for 10 minutes.")
    String codeValidity();

    @Message("Your phone is not linked yet, so there is nothing to test. Scan the QR code with your phone's camera (or type the code in the app); this page moves on by itself once it is linked.")
    String qrNotLinkedYet();

    @Message("Waiting for your phone…")
    String qrWaiting();

    @Message("Your phone is connected.")
    String deviceConnected();

    @Message("Show a new code")
    String newCode();

    @Message("Let's try it out")
    String testTitle();

    @Message("We sent a notification to your phone. Type the number below in the app and approve it.")
    String testText();

    @Message("Number to type in the app")
    String numberLabel();

    @Message("Waiting for your approval…")
    String testWaiting();

    @Message("Notification approved. The app is set up.")
    String testApproved();

    @Message("Send a new notification")
    String sendAgain();

    @Message("Phone")
    String phoneTitle();

    @Message("Add a phone number we can use when the app does not work.")
    String phoneText();

    @Message("Country or region")
    String regionLabel();

    @Message("Phone number")
    String phoneNumberLabel();

    @Message("Method")
    String methodLegend();

    @Message("Text me a code")
    String methodSms();

    @Message("Call me")
    String methodVoice();

    @Message("Enter the code")
    String codeTitle();

    @Message("We sent a text message to {masked}. Enter the code from it.")
    String codeSentSms(String masked);

    @Message("We are calling {masked}. Enter the code you hear.")
    String codeSentVoice(String masked);

    @Message("Verification code")
    String codeLabel();

    @Message("Verify")
    String verify();

    @Message("Send a new code")
    String resend();

    @Message("A new code is on its way.")
    String resent();

    @Message("Use another number")
    String otherNumber();

    @Message("You're all set")
    String doneTitle();

    @Message("Verification is complete. Next time you sign in, approve the request on your phone.")
    String doneText();

    @Message("Your sign-in methods")
    String doneMethods();

    /** Takes the person back to the platform's return URL. */
    @Message("Done")
    String finish();

    @Message("You can close this page now.")
    String closePage();

    @Message("Authenticator app")
    String methodAuthenticator();

    @Message("Phone")
    String methodPhone();

    @Message("blocked: it approves no sign-ins")
    String methodBlocked();

    @Message("Something went wrong")
    String errorTitle();

    @Message("This setup link has expired. Go back to where you signed in to get a new one.")
    String errLinkExpired();

    @Message("This setup link has already been used. Each link works only once; go back to where you signed in to get a new one.")
    String errLinkUsed();

    @Message("This setup link is not valid. Go back to where you signed in to get a new one.")
    String errLinkUnknown();

    @Message("Your setup session has ended. Go back to where you signed in to start again.")
    String errSessionExpired();

    @Message("This setup was ended because your registration was reset. Go back to where you signed in to start again.")
    String errSetupEnded();

    @Message("Your phone did not answer in time. Check that it is online and that the app may show notifications, then send a new notification.")
    String errDeviceNotAnswering();

    @Message("The notification was denied on your phone. Send a new one and approve it.")
    String errTestDenied();

    @Message("The number typed on your phone was not the number on this page. Send a new notification and type the number shown here.")
    String errTestWrongNumber();

    @Message("Notifications to your phone are blocked because a sign-in was reported as fraud. Contact your help desk: they can lift the block.")
    String errPushesBlocked();

    @Message("Too many test notifications in a short time.")
    String errTestPushLimited();

    @Message("This is not a valid phone number for the country or region you chose.")
    String errInvalidNumber();

    @Message("That code is not right. Check it and try again.")
    String errWrongCode();

    @Message("{left} attempts left.")
    String attemptsLeft(int left);

    @Message("The code has expired. Send a new code, then enter that one.")
    String errCodeExpired();

    @Message("A wrong code was entered too often, so this code no longer works. Send a new code, then enter that one.")
    String errCodeLocked();

    @Message("Too many attempts. Wait a moment and try again.")
    String errTooManyAttempts();

    @Message("You can try again in {wait}.")
    String retryAfter(String wait);

    @Message("We cannot send another code to this number just now.")
    String errSendLimited();

    @Message("You can ask for a new code in {wait}.")
    String newCodeIn(String wait);

    @Message("Please ask for a new code later.")
    String newCodeLater();

    @Message("{#if n == 1}1 second{#else}{n} seconds{/if}")
    String waitSeconds(int n);

    @Message("{#if n == 1}1 minute{#else}{n} minutes{/if}")
    String waitMinutes(int n);

    @Message("{#if n == 1}1 hour{#else}{n} hours{/if}")
    String waitHours(int n);

    @Message("We could not complete this step just now. Please try again in a moment.")
    String errServiceUnavailable();
}
