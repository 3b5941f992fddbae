using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// How a user asks the bot to erase their conversation data, and what the bot says about it, in English and Bahasa
/// Indonesia. Recognised by rule on the whole message (give or take politeness), not by the classifier: a request that
/// deletes data must never be a guess, and a new intent would shift the classifier's evaluated accuracy for a handful of
/// phrasings. "delete my order" or "hapus tiket saya" are not this request.
/// </summary>
internal static class ErasurePhrases
{
    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "delete my data", "erase my data", "remove my data", "delete all my data", "erase all my data", "remove all my data",
        "delete my personal data", "erase my personal data", "delete my conversation data", "erase my conversation data",
        "delete my conversations", "erase my conversations", "delete my chat history", "erase my chat history",
        "delete my history", "delete our conversation", "delete this conversation", "delete my chats", "forget me",
        "forget about me", "forget my data", "i want my data deleted", "i want you to delete my data", "can you delete my data",
        "could you delete my data", "please delete my data", "delete everything you know about me", "right to be forgotten",
        "gdpr delete", "gdpr erasure", "wipe my data",
    };

    private static readonly HashSet<string> Indonesian = new(StringComparer.Ordinal)
    {
        "hapus data saya", "hapus data aku", "hapus dataku", "hapuskan data saya", "hapus semua data saya", "hapus data pribadi saya",
        "hapus riwayat chat saya", "hapus riwayat percakapan saya", "hapus percakapan saya", "hapus chat saya", "hapus riwayat saya",
        "hapus semua percakapan saya", "hapus data percakapan saya", "tolong hapus data saya", "bisa hapus data saya",
        "bisakah hapus data saya", "saya mau data saya dihapus", "saya ingin data saya dihapus", "aku mau dataku dihapus",
        "data saya dihapus", "hapusin data saya", "hapusin dataku", "lupakan saya", "lupakan aku", "lupakan data saya",
        "hak untuk dilupakan", "hapus data gue", "hapus data gw",
    };

    // Around the request, not inside it: "tolong hapus data saya dong", "please delete my data, thanks".
    private static readonly HashSet<string> Politeness = new(StringComparer.Ordinal)
    {
        "please", "pls", "thanks", "thank you", "now", "hey", "hi", "bot", "tolong", "dong", "ya", "deh", "aja", "saja", "sekarang",
        "kak", "min", "terima kasih", "makasih", "mohon", "bisa", "ok", "oke",
    };

    /// <summary>The request's language (<see cref="Languages"/>), or null when the message is not a request to erase data.</summary>
    public static string? Recognise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return null;
        }

        var words = Normalize(text);
        var start = 0;
        var end = words.Length;
        while (true)
        {
            var candidate = string.Join(' ', words[start..end]);
            if (English.Contains(candidate))
            {
                return Languages.English;
            }

            if (Indonesian.Contains(candidate))
            {
                return Languages.Indonesian;
            }

            if (start < end && StripsAt(words, start, end, fromStart: true) is { } skipped)
            {
                start += skipped;
            }
            else if (start < end && StripsAt(words, start, end, fromStart: false) is { } dropped)
            {
                end -= dropped;
            }
            else
            {
                return null;
            }
        }
    }

    /// <summary>How many words a politeness phrase takes at the start (or end) of words[start..end], or null.</summary>
    private static int? StripsAt(string[] words, int start, int end, bool fromStart)
    {
        foreach (var phrase in Politeness)
        {
            var parts = phrase.Split(' ');
            if (parts.Length >= end - start)
            {
                continue;
            }

            var at = fromStart ? start : end - parts.Length;
            if (words.AsSpan(at, parts.Length).SequenceEqual(parts))
            {
                return parts.Length;
            }
        }

        return null;
    }

    private static string[] Normalize(string text) =>
    [
        .. text.ToLowerInvariant()
            .Replace('’', '\'')
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('.', ',', '!', '?', '"', '\'', ':', ';', '(', ')', '…'))
            .Where(word => word.Length > 0),
    ];

    public static readonly Phrase Ask = new(
        "privacy.erase.ask",
        "Do you want me to delete your conversation data? This removes the transcripts and message history of all your " +
        "conversations with me on this channel, and it cannot be undone. Orders, tickets and requests in our systems are not affected.",
        "Apakah Anda ingin saya menghapus data percakapan Anda? Ini menghapus transkrip dan riwayat pesan dari semua percakapan " +
        "Anda dengan saya di kanal ini, dan tidak bisa dibatalkan. Pesanan, tiket, dan pengajuan di sistem kami tidak terpengaruh.");

    public static readonly Phrase Erased = new(
        "privacy.erase.done",
        "Done: I deleted your conversation data (conversations: {conversations}, messages: {messages}). We start afresh from here.",
        "Selesai: data percakapan Anda sudah saya hapus (percakapan: {conversations}, pesan: {messages}). Kita mulai dari awal lagi.");

    public static readonly Phrase Kept = new(
        "privacy.erase.kept",
        "OK, I did not delete anything.",
        "Baik, tidak ada yang saya hapus.");

    public static readonly Phrase WithPerson = new(
        "privacy.erase.with_person",
        "One of your conversations is still with a support agent, so I cannot delete your data yet. Please ask again once it has ended.",
        "Salah satu percakapan Anda masih ditangani agen dukungan, jadi data Anda belum bisa saya hapus. Silakan minta lagi setelah selesai.");

    public static readonly Phrase Expired = new(
        "privacy.erase.expired",
        "That question has expired, so nothing was deleted. Say \"delete my data\" if you still want it.",
        "Pertanyaan itu sudah kedaluwarsa, jadi tidak ada yang dihapus. Ketik \"hapus data saya\" jika Anda masih menginginkannya.");

    public static readonly Phrase Yes = new("privacy.erase.yes", "Yes, delete", "Ya, hapus");

    public static readonly Phrase No = new("privacy.erase.no", "No, keep it", "Tidak, simpan");
}
