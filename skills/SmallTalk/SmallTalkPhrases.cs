using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

internal static class SmallTalkPhrases
{
    public static readonly Phrase Greeting = new(
        "smalltalk.greeting",
        "Hi there! How can I help you today?",
        "Halo! Ada yang bisa saya bantu hari ini?");

    public static readonly Phrase Thanks = new(
        "smalltalk.thanks",
        "You're welcome! Is there anything else I can help with?",
        "Sama-sama! Ada lagi yang bisa saya bantu?");

    public static readonly Phrase Goodbye = new(
        "smalltalk.goodbye",
        "Goodbye, and have a nice day! Come back any time.",
        "Sampai jumpa, semoga hari Anda menyenangkan! Silakan kembali kapan saja.");

    public static readonly Phrase Help = new(
        "bot.help",
        "Here's what I can help you with:\n{capabilities}\nType \"cancel\" at any time to stop what we're doing.",
        "Ini yang bisa saya bantu:\n{capabilities}\nKetik \"batal\" kapan saja untuk menghentikan proses yang sedang berjalan.");
}
