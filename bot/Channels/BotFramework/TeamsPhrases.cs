using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>What the bot says in Teams before any skill runs: to people the HR directory does not know, or cannot check.</summary>
internal static class TeamsPhrases
{
    public static readonly Phrase NotRegistered = new(
        "teams.not_registered",
        "Hi! I'm the Helpdesk assistant for employees, but I couldn't find your account in the employee directory, so I can't help you here yet. Please contact {contact} to have your account registered, then message me again.",
        "Halo! Saya asisten Helpdesk untuk karyawan, tetapi akun Anda belum saya temukan di direktori karyawan, jadi saya belum bisa membantu di sini. Silakan hubungi {contact} agar akun Anda didaftarkan, lalu kirim pesan lagi kepada saya.");

    /// <summary>A message over <c>Helpdesk:MaxMessageLength</c>: said instead of a 400 the person in Teams would never see.</summary>
    public static readonly Phrase MessageTooLong = new(
        "teams.message_too_long",
        "That message is too long for me ({length} characters; I can read up to {max}). Please send your question in a shorter message.",
        "Pesan itu terlalu panjang untuk saya ({length} karakter; saya bisa membaca hingga {max}). Silakan kirim pertanyaan Anda dalam pesan yang lebih pendek.");

    public static readonly Phrase DefaultContact = new("teams.default_contact", "the HR team", "tim HR");

    public static readonly Phrase DirectoryUnavailable = new(
        "teams.directory_unavailable",
        "Sorry, I can't check who you are in the employee directory right now, so I can't help with this yet. Please try again in a few minutes.",
        "Maaf, saat ini saya tidak bisa memeriksa data Anda di direktori karyawan, jadi belum bisa membantu permintaan ini. Silakan coba lagi beberapa menit lagi.");
}
