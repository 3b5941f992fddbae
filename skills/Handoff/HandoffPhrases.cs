using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>What the bot says around a handoff: waiting, callbacks, the agent joining and leaving, the rating question.</summary>
public static class HandoffPhrases
{
    public static readonly Phrase OrdersTeam = new("handoff.team.orders", "order support team", "tim layanan pesanan");
    public static readonly Phrase ItTeam = new("handoff.team.it", "IT service desk", "tim layanan IT");
    public static readonly Phrase HrTeam = new("handoff.team.hr", "HR team", "tim HR");
    public static readonly Phrase FinanceTeam = new("handoff.team.finance", "finance team", "tim keuangan");
    public static readonly Phrase GeneralTeam = new("handoff.team.general", "support team", "tim layanan bantuan");

    public static readonly Phrase Queued = new(
        "handoff.queued",
        "I'm connecting you with a person from our {team}. You're number {position} in the queue; the wait is about {minutes} min. You can keep typing — the agent will see your messages.",
        "Saya hubungkan Anda dengan petugas dari {team}. Anda di antrean nomor {position}; perkiraan menunggu sekitar {minutes} menit. Anda bisa tetap mengetik — petugas akan membaca pesan Anda.");

    public static readonly Phrase StillQueued = new(
        "handoff.still_queued",
        "You're number {position} in the queue for our {team} (about {minutes} min). The agent will see this message.",
        "Anda di antrean nomor {position} untuk {team} (sekitar {minutes} menit). Petugas akan membaca pesan ini.");

    public static readonly Phrase FrustrationApology = new(
        "handoff.frustration",
        "I'm sorry I haven't been able to help. Let me get you a person.",
        "Mohon maaf saya belum bisa membantu. Saya hubungkan Anda dengan petugas.");

    public static readonly Phrase RepeatedFallback = new(
        "handoff.repeated_fallback",
        "I'm having trouble understanding, so I'll get a person to help you.",
        "Saya kesulitan memahami permintaan Anda, jadi saya hubungkan Anda dengan petugas.");

    public static readonly Phrase RefundNeedsPerson = new(
        "handoff.refund_above_limit",
        "Order {order} can be returned, but a refund of {amount} is above what I can arrange myself ({limit}). A person from our team will take it from here.",
        "Pesanan {order} bisa diretur, tetapi pengembalian dana sebesar {amount} melebihi batas yang bisa saya proses sendiri ({limit}). Petugas kami akan melanjutkannya.");

    public static readonly Phrase CancelWaiting = new("handoff.cancel_waiting", "Stop waiting", "Berhenti menunggu");

    public static readonly Phrase WaitingCancelled = new(
        "handoff.waiting_cancelled",
        "OK, you've left the queue. I'm back — how can I help?",
        "Baik, Anda sudah keluar dari antrean. Saya kembali membantu — ada yang bisa saya bantu?");

    public static readonly Phrase SentToHub = new(
        "handoff.sent_to_hub",
        "I'm connecting you with a person from our {team}. Please stay in this chat.",
        "Saya hubungkan Anda dengan petugas dari {team}. Mohon tetap di chat ini.");

    public static readonly Phrase OutsideHours = new(
        "handoff.outside_hours",
        "Our {team} is not available right now (next opening: {opening}). I can file a callback request so they contact you. What do you need help with?",
        "{team} sedang tidak tersedia saat ini (buka lagi: {opening}). Saya bisa membuat permintaan dihubungi kembali agar mereka menghubungi Anda. Apa yang perlu dibantu?");

    public static readonly Phrase OutsideHoursNoOpening = new(
        "handoff.outside_hours_no_opening",
        "Our {team} is not available right now. I can file a callback request so they contact you. What do you need help with?",
        "{team} sedang tidak tersedia saat ini. Saya bisa membuat permintaan dihubungi kembali agar mereka menghubungi Anda. Apa yang perlu dibantu?");

    public static readonly Phrase AskContact = new(
        "handoff.ask_contact",
        "How can we reach you? Please type an e-mail address or a phone number.",
        "Bagaimana kami bisa menghubungi Anda? Silakan ketik alamat e-mail atau nomor telepon.");

    public static readonly Phrase ContactInvalid = new(
        "handoff.contact_invalid",
        "That doesn't look like an e-mail address or a phone number. Please type one (for example budi@example.com or 0812 3456 7890), or \"cancel\".",
        "Sepertinya itu bukan alamat e-mail atau nomor telepon. Silakan ketik salah satunya (misalnya budi@example.com atau 0812 3456 7890), atau \"batal\".");

    public static readonly Phrase DetailsTooShort = new(
        "handoff.details_too_short",
        "Please describe in a few words what you need, so the right person can call you back.",
        "Mohon jelaskan dalam beberapa kata apa yang Anda perlukan, agar petugas yang tepat bisa menghubungi Anda.");

    public static readonly Phrase CallbackFiled = new(
        "handoff.callback_filed",
        "Done: callback request {reference} is filed with our {team}. They'll contact you when they're back ({opening}).",
        "Selesai: permintaan dihubungi kembali {reference} sudah diteruskan ke {team}. Mereka akan menghubungi Anda saat kembali bertugas ({opening}).");

    public static readonly Phrase CallbackFiledNoOpening = new(
        "handoff.callback_filed_no_opening",
        "Done: callback request {reference} is filed with our {team}. They'll contact you as soon as they can.",
        "Selesai: permintaan dihubungi kembali {reference} sudah diteruskan ke {team}. Mereka akan menghubungi Anda secepatnya.");

    public static readonly Phrase AgentJoined = new(
        "handoff.agent_joined",
        "{agent} from our {team} has joined the chat.",
        "{agent} dari {team} sudah bergabung di chat.");

    public static readonly Phrase AgentLeftRequeued = new(
        "handoff.agent_left",
        "The agent was disconnected. You're back at the front of the queue; the next available person will continue.",
        "Koneksi petugas terputus. Anda kembali di urutan terdepan antrean; petugas berikutnya akan melanjutkan.");

    public static readonly Phrase Transferred = new(
        "handoff.transferred",
        "You've been transferred to our {team}. You're number {position} in their queue.",
        "Anda dialihkan ke {team}. Anda di antrean nomor {position}.");

    public static readonly Phrase HubFailed = new(
        "handoff.hub_failed",
        "Sorry, no one could take the chat right now. I'm back — you can try again later, or keep asking me.",
        "Maaf, saat ini belum ada petugas yang bisa menerima chat. Saya kembali membantu — Anda bisa mencoba lagi nanti, atau bertanya kepada saya.");

    public static readonly Phrase CsatQuestion = new(
        "handoff.csat_question",
        "I'm back. How would you rate the help you got from our team, from 1 (poor) to 5 (excellent)?",
        "Saya kembali. Seberapa puas Anda dengan bantuan dari tim kami, dari 1 (buruk) sampai 5 (sangat baik)?");

    public static readonly Phrase CsatThanks = new(
        "handoff.csat_thanks",
        "Thank you for your rating! Anything else I can help with?",
        "Terima kasih atas penilaian Anda! Ada lagi yang bisa saya bantu?");

    /// <summary>Minutes as the bot says them: at least 1.</summary>
    public static string Minutes(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reply to a message sent while the conversation waits in a queue.</summary>
    public static Reply WhileQueued(string language, string queue, int position, TimeSpan wait) =>
        new(
            StillQueued.Format(language, ("position", Number(position)), ("team", HandoffQueues.TeamName(queue, language)), ("minutes", Minutes(wait))),
            [CancelButton(language)]);

    /// <summary>The button that leaves the queue.</summary>
    public static SuggestedAction CancelButton(string language) => new(CancelWaiting.In(language), CancelWaiting.In(language));

    /// <summary>
    /// True when a message sent while waiting means "stop waiting": the button, or a plain cancel ("batal", "never mind").
    /// </summary>
    public static bool IsCancelWaiting(string? text) =>
        text is not null
        && (Interruptions.Normalize(text) == Interruptions.Normalize(CancelWaiting.En)
            || Interruptions.Normalize(text) == Interruptions.Normalize(CancelWaiting.Id)
            || Interruptions.IsCancel(text));

    /// <summary>The 1–5 rating buttons.</summary>
    public static IReadOnlyList<SuggestedAction> RatingButtons { get; } =
        [.. Enumerable.Range(1, 5).Select(i => new SuggestedAction(Number(i), Number(i)))];

    /// <summary>What the bot says when an agent resolves the conversation: the rating question.</summary>
    public static Reply CsatPrompt(string language) => new(CsatQuestion.In(language), RatingButtons);

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
