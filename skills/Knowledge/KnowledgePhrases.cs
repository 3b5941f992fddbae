using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Knowledge;

internal static class KnowledgePhrases
{
    public static readonly Phrase Citation = new(
        "kb.citation",
        "Source: {title} › {section} (version {version})",
        "Sumber: {title} › {section} (versi {version})");

    public static readonly Phrase CitationWithoutSection = new(
        "kb.citation.nosection",
        "Source: {title} (version {version})",
        "Sumber: {title} (versi {version})");

    public static readonly Phrase FromEnglish = new(
        "kb.from.english",
        "This policy is only available in English; it says:",
        "Kebijakan ini hanya tersedia dalam bahasa Inggris; isinya:");

    public static readonly Phrase FromIndonesian = new(
        "kb.from.indonesian",
        "This policy is only available in Indonesian; it says:",
        "Berikut isi kebijakan kami:");

    public static readonly Phrase NotFound = new(
        "kb.notfound",
        "I couldn't find anything in our policies that answers that, and I'd rather not guess. You can ask it another way, or talk to a person.",
        "Saya tidak menemukan jawabannya di kebijakan kami, dan saya tidak mau menebak. Anda bisa bertanya dengan cara lain, atau bicara dengan petugas.");

    public static readonly Phrase LookingThroughPolicies = new(
        "kb.looking",
        "Looking through our policies…",
        "Sedang mencari di kebijakan kami…");

    public static readonly Phrase EmptyQuestion = new(
        "kb.empty",
        "Which policy would you like to know about? For example: returns, shipping, warranty or privacy.",
        "Kebijakan apa yang ingin Anda ketahui? Misalnya: pengembalian barang, pengiriman, garansi, atau privasi.");
}
