using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

internal static class SmallTalkPhrases
{
    public static readonly Phrase Greeting = new(
        "smalltalk.greeting",
        "Hi there! How can I help you today? I can check where your order is.",
        "Halo! Ada yang bisa saya bantu hari ini? Saya bisa mengecek status pesanan Anda.");

    public static readonly Phrase Help = new(
        "bot.help",
        "Here's what I can help you with:\n{capabilities}\nType \"cancel\" at any time to stop what we're doing.",
        "Ini yang bisa saya bantu:\n{capabilities}\nKetik \"batal\" kapan saja untuk menghentikan proses yang sedang berjalan.");
}
