namespace HelpdeskBot.Skills.Conversations;

/// <summary>What the conversation engine itself says: welcome, apology, interruptions, fallbacks, suggested actions.</summary>
internal static class DialogPhrases
{
    public static readonly Phrase Welcome = new(
        "dialog.welcome",
        "Hi! I'm the Helpdesk assistant. I can help you track your orders — just tell me your order number, like ORD-100123.",
        "Halo! Saya asisten Helpdesk. Saya bisa membantu melacak pesanan Anda — cukup sebutkan nomor pesanannya, misalnya ORD-100123.");

    public static readonly Phrase Apology = new(
        "dialog.apology",
        "Sorry, something went wrong on my side. Please try again in a moment.",
        "Maaf, terjadi kendala di sistem kami. Silakan coba lagi sebentar lagi.");

    public static readonly Phrase Cancelled = new(
        "dialog.cancelled",
        "OK, I've cancelled that. Is there anything else I can help with?",
        "Baik, sudah saya batalkan. Ada lagi yang bisa saya bantu?");

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
}
