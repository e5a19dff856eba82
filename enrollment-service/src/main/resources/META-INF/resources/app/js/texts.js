// Every text of the app, in English and Dutch, as the wizard has them. The language is the
// browser's first of nl/en, or what the person chose with the switch (kept in localStorage).

const TEXTS = {
  en: {
    appName: 'Tweestap Authenticator',
    switchTo: 'Nederlands',
    accountsTitle: 'Your accounts',
    accountsEmpty: 'No account on this phone yet. Open the setup page of your organisation on a computer and scan its QR code with this phone’s camera, or enter the code yourself.',
    accountsHint: 'Keep this app open to answer sign-ins; they appear here.',
    addAccount: 'Enter a code',
    addTitle: 'Add a work or school account',
    addText: 'Scan the QR code on the setup page with your phone’s camera: this app opens and links itself. Can’t scan? Open “Can’t scan the image?” on the setup page and type the activation code here.',
    codeLabel: 'Activation code',
    deviceNameLabel: 'Name of this phone',
    activate: 'Link this phone',
    cancel: 'Cancel',
    back: 'Back to your accounts',
    activating: 'Linking this phone to your account…',
    activated: (account) => `Account added: ${account}. Go back to the setup page on your computer; a test notification arrives here in a moment.`,
    accountLine: (user, tenant) => `${user} (${tenant})`,
    deviceLine: (name, date) => `${name}, linked ${date}`,
    remove: 'Remove from this phone',
    removeConfirm: (account) => `Remove ${account} from this phone? This phone can then no longer approve its sign-ins. Your organisation still lists this phone until you remove it there too (or ask your help desk).`,
    removed: (account) => `${account} was removed from this phone. Remove it at your organisation too, to stop it for good.`,
    connected: 'Connected: sign-ins appear here.',
    offline: 'Not connected. Sign-ins will appear when the connection is back.',
    requestTitle: 'Are you trying to sign in?',
    testTitle: 'Test notification',
    testNotice: 'This is a test from the setup page, not a sign-in. Type the number the setup page shows.',
    applicationLabel: 'Application',
    placeLabel: 'From',
    ipLabel: (ip) => `IP address ${ip}`,
    timeLabel: 'Time',
    expiresLabel: 'Answer before',
    accountLabel: 'Account',
    numberLabel: 'Type the number shown on the sign-in screen',
    numberLabelTest: 'Type the number shown on the setup page',
    approve: 'Approve',
    deny: 'Deny',
    reportFraud: 'This wasn’t me: report it',
    numberMissing: 'Type the number first, or deny.',
    approved: 'Approved. The sign-in continues.',
    approvedTest: 'Approved. The setup page moves on.',
    denied: 'Denied. Nobody signs in with this request.',
    deniedWrongNumber: 'That was not the number on the screen, so the sign-in was denied. If you are signing in, try again.',
    fraudReported: 'Reported. The sign-in was denied and further requests are stopped until your help desk has checked.',
    closedApproved: 'This request was already approved.',
    closedDenied: 'This request was denied.',
    closedExpired: 'This request expired.',
    closedCancelled: 'The sign-in was cancelled.',
    problemTitle: 'Something went wrong',
    codeUnknown: 'This activation code is not known. Check what you typed, or get a new code on the setup page.',
    codeUsed: 'This activation code has already been used. Get a new one on the setup page.',
    codeExpired: 'This activation code has expired. Get a new one on the setup page.',
    unreachable: 'The service cannot be reached. Check your connection and try again.',
    failed: (detail) => `The service refused: ${detail}`,
    noWebCrypto: 'This browser cannot make a secure key. Use a current browser (Chrome, Edge, Firefox or Safari from iOS 16.4) over https.',
    installHint: 'Add this app to your home screen (browser menu, “Install app” or “Add to Home Screen”) so that it is at hand.',
    notificationsAllow: 'Allow notifications',
    notificationsHint: 'Allow notifications so that sign-ins reach you while this app is closed.',
    notificationsOn: 'Notifications are on.',
    notificationsBlocked: 'Notifications are blocked for this app. Sign-ins reach you while it is open; change this in your browser’s settings.',
    pushTitle: 'Sign-in request',
    pushTestTitle: 'Test notification from the setup',
    pushBody: 'Open the app to answer.',
    newDeviceTitle: 'New device on your account',
    newDevice: (name) => `A device was added to your account: ${name}. If that was not you, tell your help desk at once.`,
    accessPassTitle: 'Temporary access pass',
    accessPass: (action) => (action === 'redeemed'
      ? 'A temporary access pass was used to set up a device on your account. If that was not you, tell your help desk at once.'
      : 'The help desk issued a temporary access pass for your account. If you did not ask for one, tell your help desk at once.'),
    deviceNameDefault: 'My phone',
  },
  nl: {
    appName: 'Tweestap Authenticator',
    switchTo: 'English',
    accountsTitle: 'Uw accounts',
    accountsEmpty: 'Nog geen account op deze telefoon. Open op een computer de instellingspagina van uw organisatie en scan de QR-code met de camera van deze telefoon, of voer de code zelf in.',
    accountsHint: 'Houd deze app open om aanmeldingen goed te keuren; ze verschijnen hier.',
    addAccount: 'Code invoeren',
    addTitle: 'Werk- of schoolaccount toevoegen',
    addText: 'Scan de QR-code op de instellingspagina met de camera van uw telefoon: deze app opent en koppelt zich. Lukt scannen niet? Open “Lukt scannen niet?” op de instellingspagina en typ de activeringscode hier.',
    codeLabel: 'Activeringscode',
    deviceNameLabel: 'Naam van deze telefoon',
    activate: 'Deze telefoon koppelen',
    cancel: 'Annuleren',
    back: 'Terug naar uw accounts',
    activating: 'Deze telefoon wordt aan uw account gekoppeld…',
    activated: (account) => `Account toegevoegd: ${account}. Ga terug naar de instellingspagina op uw computer; zo meteen komt hier een testmelding.`,
    accountLine: (user, tenant) => `${user} (${tenant})`,
    deviceLine: (name, date) => `${name}, gekoppeld op ${date}`,
    remove: 'Van deze telefoon verwijderen',
    removeConfirm: (account) => `${account} van deze telefoon verwijderen? Deze telefoon kan dan geen aanmeldingen meer goedkeuren. Uw organisatie kent deze telefoon nog tot u hem daar ook verwijdert (of de helpdesk vraagt).`,
    removed: (account) => `${account} is van deze telefoon verwijderd. Verwijder hem ook bij uw organisatie om hem helemaal te stoppen.`,
    connected: 'Verbonden: aanmeldingen verschijnen hier.',
    offline: 'Niet verbonden. Aanmeldingen verschijnen zodra de verbinding terug is.',
    requestTitle: 'Probeert u zich aan te melden?',
    testTitle: 'Testmelding',
    testNotice: 'Dit is een test van de instellingspagina, geen aanmelding. Typ het getal dat de instellingspagina toont.',
    applicationLabel: 'Toepassing',
    placeLabel: 'Vanaf',
    ipLabel: (ip) => `IP-adres ${ip}`,
    timeLabel: 'Tijd',
    expiresLabel: 'Antwoorden vóór',
    accountLabel: 'Account',
    numberLabel: 'Typ het getal dat op het aanmeldscherm staat',
    numberLabelTest: 'Typ het getal dat op de instellingspagina staat',
    approve: 'Goedkeuren',
    deny: 'Weigeren',
    reportFraud: 'Dit was ik niet: melden',
    numberMissing: 'Typ eerst het getal, of weiger.',
    approved: 'Goedgekeurd. De aanmelding gaat door.',
    approvedTest: 'Goedgekeurd. De instellingspagina gaat verder.',
    denied: 'Geweigerd. Met dit verzoek meldt niemand zich aan.',
    deniedWrongNumber: 'Dat was niet het getal op het scherm, dus de aanmelding is geweigerd. Meldt u zich aan? Probeer het dan opnieuw.',
    fraudReported: 'Gemeld. De aanmelding is geweigerd en verdere verzoeken zijn gestopt tot uw helpdesk het heeft gecontroleerd.',
    closedApproved: 'Dit verzoek is al goedgekeurd.',
    closedDenied: 'Dit verzoek is geweigerd.',
    closedExpired: 'Dit verzoek is verlopen.',
    closedCancelled: 'De aanmelding is afgebroken.',
    problemTitle: 'Er ging iets mis',
    codeUnknown: 'Deze activeringscode is onbekend. Controleer wat u typte, of haal een nieuwe code op de instellingspagina.',
    codeUsed: 'Deze activeringscode is al gebruikt. Haal een nieuwe op de instellingspagina.',
    codeExpired: 'Deze activeringscode is verlopen. Haal een nieuwe op de instellingspagina.',
    unreachable: 'De dienst is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
    failed: (detail) => `De dienst weigerde: ${detail}`,
    noWebCrypto: 'Deze browser kan geen veilige sleutel maken. Gebruik een actuele browser (Chrome, Edge, Firefox of Safari vanaf iOS 16.4) via https.',
    installHint: 'Zet deze app op uw beginscherm (browsermenu, “App installeren” of “Zet op beginscherm”), dan hebt u hem bij de hand.',
    notificationsAllow: 'Meldingen toestaan',
    notificationsHint: 'Sta meldingen toe, dan bereiken aanmeldingen u ook als deze app gesloten is.',
    notificationsOn: 'Meldingen staan aan.',
    notificationsBlocked: 'Meldingen zijn geblokkeerd voor deze app. Aanmeldingen bereiken u zolang hij open is; wijzig dit in de instellingen van uw browser.',
    pushTitle: 'Aanmeldverzoek',
    pushTestTitle: 'Testmelding van de instelling',
    pushBody: 'Open de app om te antwoorden.',
    newDeviceTitle: 'Nieuw apparaat bij uw account',
    newDevice: (name) => `Er is een apparaat aan uw account toegevoegd: ${name}. Was u dat niet? Waarschuw dan meteen uw helpdesk.`,
    accessPassTitle: 'Tijdelijke toegangspas',
    accessPass: (action) => (action === 'redeemed'
      ? 'Er is met een tijdelijke toegangspas een apparaat bij uw account ingesteld. Was u dat niet? Waarschuw dan meteen uw helpdesk.'
      : 'De helpdesk heeft een tijdelijke toegangspas voor uw account uitgegeven. Hebt u daar niet om gevraagd? Waarschuw dan meteen uw helpdesk.'),
    deviceNameDefault: 'Mijn telefoon',
  },
};

const CHOSEN = 'tweestap.language';

/** nl or en: the person's choice, else the browser's first language that is one of them. */
export function language() {
  const chosen = safeStorage(() => localStorage.getItem(CHOSEN));
  if (chosen === 'nl' || chosen === 'en') {
    return chosen;
  }
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'nl' || primary === 'en') {
      return primary;
    }
  }
  return 'en';
}

export function choose(lang) {
  safeStorage(() => localStorage.setItem(CHOSEN, lang));
}

export function texts(lang = language()) {
  return TEXTS[lang];
}

/** Both languages, for the service worker's notification texts and the tests. */
export const ALL_TEXTS = TEXTS;

// Private browsing modes may refuse storage; the app then simply follows the browser.
function safeStorage(action) {
  try {
    return action();
  } catch (refused) {
    return null;
  }
}
