namespace HelpdeskBot.Skills.Conversations;

/// <summary>What the conversation engine itself says: welcome, apology, interruptions, fallbacks, suggested actions.</summary>
internal static class DialogPhrases
{
    public static readonly Phrase Welcome = new(
        "dialog.welcome",
        "Hi! I'm the Helpdesk assistant. Here's what I can do for you:\n{capabilities}",
        "Halo! Saya asisten Helpdesk. Ini yang bisa saya bantu:\n{capabilities}");

    public static readonly Phrase WelcomeByName = new(
        "dialog.welcome_by_name",
        "Hi {name}! I'm the Helpdesk assistant. Here's what I can do for you:\n{capabilities}",
        "Halo {name}! Saya asisten Helpdesk. Ini yang bisa saya bantu:\n{capabilities}");

    public static readonly Phrase Yes = new("dialog.yes", "Yes", "Ya");

    public static readonly Phrase No = new("dialog.no", "No", "Tidak");

    public static readonly Phrase SystemDown = new(
        "dialog.system_down",
        "Sorry, the {system} is not answering right now. Please try again in a few minutes, or talk to a person.",
        "Maaf, {system} sedang tidak merespons. Silakan coba lagi beberapa menit lagi, atau bicara dengan petugas.");

    public static readonly Phrase OrderSystem = new("system.orders", "order system", "sistem pesanan");
    public static readonly Phrase ItSystem = new("system.it", "IT service desk system", "sistem layanan IT");
    public static readonly Phrase HrSystem = new("system.hr", "HR system", "sistem HR");
    public static readonly Phrase InvoicingSystem = new("system.invoicing", "invoicing system", "sistem tagihan");
    public static readonly Phrase NotificationSystem = new("system.notifications", "notification system", "sistem notifikasi");

    public static readonly Phrase ResumeOffer = new(
        "dialog.resume_offer",
        "Shall we get back to your request to {topic}?",
        "Apakah kita lanjutkan permintaan Anda untuk {topic}?");

    public static readonly Phrase ResumeDeclined = new(
        "dialog.resume_declined",
        "OK, I've dropped that. Anything else I can help with?",
        "Baik, permintaan itu tidak dilanjutkan. Ada lagi yang bisa saya bantu?");

    public static readonly Phrase EmployeesOnly = new(
        "dialog.employees_only",
        "That's something I do for employees signed in through Microsoft Teams, so I can't do it in this chat. Here's what I can do for you:\n{capabilities}",
        "Itu layanan untuk karyawan yang masuk lewat Microsoft Teams, jadi tidak bisa saya lakukan di chat ini. Ini yang bisa saya bantu:\n{capabilities}");

    public static readonly Phrase SignInRequired = new(
        "dialog.sign_in_required",
        "For that I need to know who you are: please sign in to your account on our website and open this chat again. Here's what I can do for you now:\n{capabilities}",
        "Untuk itu saya perlu tahu siapa Anda: silakan masuk ke akun Anda di situs kami lalu buka chat ini lagi. Ini yang bisa saya bantu sekarang:\n{capabilities}");

    public static readonly Phrase NotForYou = new(
        "dialog.not_for_you",
        "Sorry, I can't do that for your account in this chat. Here's what I can do for you:\n{capabilities}",
        "Maaf, hal itu tidak bisa saya lakukan untuk akun Anda di chat ini. Ini yang bisa saya bantu:\n{capabilities}");

    public static readonly Phrase Apology = new(
        "dialog.apology",
        "Sorry, something went wrong on my side. Please try again in a moment.",
        "Maaf, terjadi kendala di sistem kami. Silakan coba lagi sebentar lagi.");

    public static readonly Phrase Cancelled = new(
        "dialog.cancelled",
        "OK, I've stopped there — nothing was changed. Is there anything else I can help with?",
        "Baik, saya hentikan — tidak ada yang diubah. Ada lagi yang bisa saya bantu?");

    public static readonly Phrase NothingToCancel = new(
        "dialog.nothing_to_cancel",
        "There's nothing to cancel right now. How can I help?",
        "Saat ini tidak ada yang perlu dibatalkan. Ada yang bisa saya bantu?");

    public static readonly Phrase OutOfScope = new(
        "dialog.out_of_scope",
        "Sorry, I can't help with that yet. Here's what I can do:\n{capabilities}\nYou can also type \"help\" at any time.",
        "Maaf, saya belum bisa membantu untuk hal itu. Ini yang bisa saya bantu:\n{capabilities}\nAnda juga bisa mengetik \"bantuan\" kapan saja.");

    public static readonly Phrase NotYetAvailable = new(
        "dialog.not_yet_available",
        "I understand you'd like to {topic}. I can't do that in this chat yet. Here's what I can do:\n{capabilities}",
        "Saya mengerti Anda ingin {topic}. Hal itu belum bisa saya lakukan di chat ini. Ini yang bisa saya bantu:\n{capabilities}");

    public static readonly Phrase Ambiguous = new(
        "dialog.ambiguous",
        "Sorry, I'm not sure what you meant. Which one would you like?",
        "Maaf, saya kurang yakin maksud Anda. Yang mana yang Anda maksud?");

    public static readonly Phrase TrackAnOrder = new("action.track_order", "Track an order", "Lacak pesanan");

    public static readonly Phrase Help = new("action.help", "Help", "Bantuan");

    public static readonly Phrase SayHello = new("action.say_hello", "Just saying hi", "Sekadar menyapa");

    public static readonly Phrase TrackAnOrderCapability = new(
        "capability.track_order",
        "• Track an order — e.g. \"where is my order ORD-100123?\"",
        "• Lacak pesanan — misalnya \"pesanan saya ORD-100123 sudah sampai mana?\"");

    public static Phrase SystemName(HelpdeskBot.Connectors.BackOfficeSystem system) => system switch
    {
        HelpdeskBot.Connectors.BackOfficeSystem.Orders => OrderSystem,
        HelpdeskBot.Connectors.BackOfficeSystem.ItSupport => ItSystem,
        HelpdeskBot.Connectors.BackOfficeSystem.Hr => HrSystem,
        HelpdeskBot.Connectors.BackOfficeSystem.Invoicing => InvoicingSystem,
        _ => NotificationSystem,
    };
}
