using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Cards;

/// <summary>What cards say that is not a skill's own question: buttons, stale cards, feedback.</summary>
internal static class CardPhrases
{
    public static readonly Phrase Submit = new("card.submit", "Submit", "Kirim");

    public static readonly Phrase Stale = new(
        "card.stale",
        "That card is no longer current (it was already used, or the request it belongs to has ended), so I didn't change anything.",
        "Kartu itu sudah tidak berlaku (sudah dipakai, atau permintaannya sudah selesai), jadi tidak ada yang saya ubah.");

    public static readonly Phrase Unreadable = new(
        "card.unreadable",
        "Sorry, I couldn't read that. Please type what you need instead.",
        "Maaf, saya tidak bisa membacanya. Silakan ketik saja apa yang Anda perlukan.");

    public static readonly Phrase WhatNext = new("card.what_next", "What would you like to do?", "Apa yang ingin Anda lakukan?");

    public static readonly Phrase WasItHelpful = new("card.feedback.question", "Was this answer helpful?", "Apakah jawaban ini membantu?");

    public static readonly Phrase Helpful = new("card.feedback.helpful", "👍 Helpful", "👍 Membantu");

    public static readonly Phrase NotHelpful = new("card.feedback.not_helpful", "👎 Not helpful", "👎 Tidak membantu");

    public static readonly Phrase FeedbackThanks = new(
        "card.feedback.thanks",
        "Thanks for the feedback!",
        "Terima kasih atas masukannya!");

    public static readonly Phrase FeedbackSorry = new(
        "card.feedback.sorry",
        "Thanks for telling me. I've noted that this answer didn't help; you can rephrase the question or talk to a person.",
        "Terima kasih sudah memberi tahu. Saya catat bahwa jawaban ini tidak membantu; Anda bisa mengulang pertanyaan dengan kata lain atau bicara dengan petugas.");
}
