using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace HelpdeskBot.Classifier.Languages;

/// <summary>
/// Deterministic English/Indonesian detector for short chat messages. Each word scores for the language whose
/// function words, chat words or affixes it belongs to; the higher total wins when it is ahead by a clear margin,
/// otherwise the locale hint decides, otherwise the small lead (if any), otherwise English.
/// </summary>
/// <remarks>
/// A statistical model would need far more text than a chat turn carries: "makasih", "p" or "cek ORD-100123" are one or
/// two words. Word lists cover informal Indonesian (udah, nggak, blm, sy, gmn) that general-purpose detectors miss.
/// </remarks>
public sealed partial class LanguageDetector : ILanguageDetector
{
    // One known word is a clear signal; an affix match alone (half a point) is not.
    private const double ClearLead = 1.0;
    private const double WordWeight = 1.0;
    private const double AffixWeight = 0.5;

    private static readonly FrozenSet<string> IndonesianWords = FrozenSet.ToFrozenSet(
    [
        // function words
        "yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "dgn", "untuk", "utk", "buat", "pada", "akan", "juga", "jg",
        "saja", "aja", "atau", "tapi", "tp", "kalau", "kalo", "klo", "karena", "karna", "krn", "biar", "supaya", "sama", "oleh",
        "masih", "sudah", "sdh", "udah", "udh", "dah", "belum", "blm", "blom", "lagi", "lg", "sedang", "telah", "pernah",
        "tidak", "tdk", "nggak", "ngga", "gak", "ga", "gk", "enggak", "engga", "ndak", "bukan", "jangan", "ada", "adalah",
        "bisa", "bs", "mau", "ingin", "pengen", "pingin", "harus", "boleh", "perlu", "butuh", "sangat", "banget", "bgt", "sekali",
        "apa", "apakah", "bagaimana", "gimana", "gmn", "gmna", "kenapa", "knp", "mengapa", "kapan", "kpn", "dimana", "dmn",
        "mana", "siapa", "berapa", "brp", "seperti", "kayak", "kaya", "sekarang", "skrg", "nanti", "tadi", "kemarin", "kemaren",
        "besok", "hari", "minggu", "bulan", "tahun", "jam", "sampai", "sampe", "terus", "trus", "sih", "dong",
        "deh", "kok", "ya", "yah", "yuk", "nih", "tuh", "kah", "lah", "pun", "para", "semua", "semuanya", "sendiri", "banyak",
        // pronouns and forms of address
        "saya", "sy", "aku", "ak", "gue", "gua", "gw", "kamu", "km", "anda", "kalian", "kita", "kami", "dia", "mereka", "kak",
        "kakak", "min", "mimin", "gan", "agan", "bang", "mas", "mbak", "mba", "pak", "bu", "bapak", "ibu", "paketku", "punyaku",
        // greetings, thanks, politeness
        "halo", "hallo", "helo", "hai", "selamat", "pagi", "siang", "sore", "malam", "met", "permisi", "misi", "punten",
        "assalamualaikum", "salam", "kenal", "kabar", "terima", "kasih", "makasih", "makasi", "trims", "trimakasih",
        "terimakasih", "tolong", "tolongin", "mohon", "minta", "maaf", "woi",
        // helpdesk vocabulary
        "pesanan", "pesenan", "pesan", "pesnan", "paket", "pakett", "kiriman", "barang", "pengiriman", "dikirim", "kirim",
        "nyampe", "nyampai", "datang", "dateng", "tiba", "lacak", "resi", "kurir", "gudang", "diproses", "dikemas",
        "cek", "dicek", "bantu", "bantuan", "bantuin", "bantuannya", "bntuan", "cara", "pakai", "pake", "pakainya", "menggunakan",
        "tanya", "nanya", "ditanya", "tanyakan", "bingung", "ngerti", "mengerti", "tau", "tahu", "fitur", "fiturnya", "layanan",
        "layanannya", "panduan", "petunjuk", "penggunaan", "perintah", "pilihan", "utama", "contoh", "pertanyaan",
        "lihat", "liat", "cari", "beli", "bayar", "harga", "murah", "mahal", "bagus", "baru", "lama", "cepat", "lambat",
        "nyangkut", "keluar", "atas", "nama", "nomor", "estimasi", "posisi", "kabarnya", "statusnya", "kerjanya", "fungsi",
        "ngapain", "ngetik", "mulai", "jelaskan", "tampilkan", "lakukan", "dibantu", "tersedia", "orang", "balik", "bikin",
        "jadi", "cuaca", "hujan", "resep", "lucu", "dulu", "kerja", "rumah", "uang", "ditanyakan", "semalam", "jadwal",
        "cerita", "hitung", "ringkasan", "pertandingan", "hlo",
        // back-office vocabulary: HR, IT, invoices, returns, hand-off, closings
        "lupa", "cuti", "tiket", "gaji", "gajian", "slip", "faktur", "tagihan", "tagihn", "rusak", "macet", "dadah", "jumpa",
        "sekian", "nuhun", "nuwun", "suwun", "mksh", "tks", "babay", "daa", "panggil", "manusia", "ulang", "cetak", "unduh",
        "isi", "selesai", "wassalamualaikum", "wassalam", "hatur", "matur", "langganan", "pribadi", "lisensi", "ketentuan",
        "kacamata", "sandi", "kata", "akun", "terkunci", "kekunci", "masuk", "batal", "batalkan", "batalin", "dibatalkan",
        "pembatalan", "retur", "kembalikan", "dikembalikan", "pengembalian", "tukar", "dana", "lunas", "jatuh", "tempo",
        "salinan", "kwitansi", "pajak", "kebijakan", "aturan", "peraturan", "karyawan", "libur", "izin", "ijin", "sakit",
        "ajukan", "mengajukan", "pengajuan", "sisa", "jatah", "potongan", "pokok", "tunjangan", "lembur", "petugas", "agen",
        "operator", "sambungkan", "hubungkan", "bicara", "ngobrol", "manusianya", "pasang", "instal", "aplikasi",
        "akses", "laporan", "laporkan", "masalah", "kendala", "eror", "mati", "nyala", "konek", "lambat", "dadah",
        "ditolak", "disetujui", "atasan", "kantor", "garansi", "ongkir", "pengembalian", "tanggal", "depan", "lusa",
    ]);

    private static readonly FrozenSet<string> EnglishWords = FrozenSet.ToFrozenSet(
    [
        "the", "a", "an", "is", "are", "was", "were", "be", "been", "being", "am", "i", "i'm", "im", "i've", "ive", "my", "me",
        "mine", "you", "your", "you're", "u", "ur", "we", "our", "they", "their", "he", "she", "his", "her", "it", "its", "it's",
        "this", "that", "these", "those", "there", "here", "what", "what's", "whats", "where", "where's", "wheres", "when",
        "why", "who", "whom", "how", "how's", "hows", "which", "can", "can't", "cant", "could", "would", "should", "will",
        "won't", "shall", "may", "might", "must", "do", "does", "did", "done", "don't", "dont", "doesn't", "didn't", "didnt",
        "not", "yes", "yeah", "please", "pls", "plz", "thanks", "thank", "thx", "ty", "hello", "hi", "hii", "hey", "heya",
        "hiya", "howdy", "greetings", "good", "morning", "afternoon", "evening", "night", "day", "sup", "y'all", "again",
        "order", "orders", "ordered", "ordr", "help", "hlep", "with", "for", "to", "of", "and", "or", "but", "in", "on", "at",
        "from", "about", "into", "by", "if", "so", "than", "then", "have", "has", "had", "haven't", "hasn't", "havent",
        "get", "got", "want", "need", "know", "tell", "show", "check", "track", "tracking", "package", "parcel", "delivery",
        "delivered", "shipped", "ship", "shipment", "arrive", "arrived", "yet", "still", "now", "today", "tomorrow",
        "yesterday", "week", "time", "some", "any", "all", "just", "much", "many", "more", "up", "out", "anyone", "anybody",
        "someone", "something", "nothing", "everyone", "lost", "type", "ask", "use", "features", "options",
        "commands", "guide", "start", "able", "kind", "questions", "answer", "things", "nice", "meet", "buddy", "friend",
        "mate", "back", "doing", "going", "well", "fine", "late", "last", "number", "update",
        "weather", "joke", "funny", "recipe", "like", "make", "cook", "book", "flight", "best", "write", "play", "bye",
        // back-office vocabulary: HR, IT, invoices, returns, hand-off, closings. Loanwords Indonesians type as they are
        // (password, reset, login, email, invoice, refund, cancel, software, laptop, ticket…) are left out: they say nothing.
        "forgot", "locked", "unlock", "leave", "leaves", "days", "left", "balance", "vacation", "holiday", "off", "sick",
        "salary", "pay", "paid", "payroll", "receipt", "copy", "send", "resend", "due", "overdue", "owe", "issue", "broken",
        "working", "policy", "policies", "rules", "allowed", "employees", "staff", "human", "person", "speak", "talk",
        "representative", "someone", "real", "goodbye", "later", "cheers", "appreciate", "great", "see", "soon", "take",
        "care", "that's", "thats", "no", "else", "new", "item", "items", "money", "wrong", "damaged", "would", "apply",
        "annual", "remaining", "long", "usually",
    ]);

    private static readonly string[] IndonesianSuffixes = ["nya", "kan", "lah", "kah"];
    private static readonly string[] IndonesianPrefixes = ["meng", "meny", "peng", "peny", "mem", "ber", "ter"];
    private static readonly string[] EnglishSuffixes = ["tion", "ness", "ed", "ly", "'s", "ing"];
    private static readonly string[] EnglishPieces = ["th", "wh", "sh", "ck", "ph"];

    public string Detect(string text) => Detect(text, localeHint: null);

    public string Detect(string text, string? localeHint)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (indonesian, english) = Score(text);
        var lead = indonesian - english;
        if (lead >= ClearLead)
        {
            return LanguageCodes.Indonesian;
        }

        if (lead <= -ClearLead)
        {
            return LanguageCodes.English;
        }

        return LanguageFromLocale(localeHint) ?? (lead > 0 ? LanguageCodes.Indonesian : LanguageCodes.English);
    }

    internal static (double Indonesian, double English) Score(string text)
    {
        double indonesian = 0, english = 0;
        // Ids say nothing about the language, and "IT-000123" must not count as the English word "it".
        foreach (var word in Words(BusinessId().Replace(text, " ")))
        {
            var (id, en) = ScoreWord(word);
            indonesian += id;
            english += en;
        }

        return (indonesian, english);
    }

    private static (double Indonesian, double English) ScoreWord(string word)
    {
        // Chat stretches words ("haloooo", "pagii", "hiii"): try the word as typed, then with runs squeezed to one letter.
        foreach (var candidate in (ReadOnlySpan<string>)[word, SqueezeRuns(word)])
        {
            var id = IndonesianWords.Contains(candidate);
            var en = EnglishWords.Contains(candidate);
            if (id || en)
            {
                return (id ? WordWeight : 0, en ? WordWeight : 0);
            }
        }

        if (word.Length < 5)
        {
            return (0, 0);
        }

        var indonesianAffix = IndonesianSuffixes.Any(word.EndsWith) || IndonesianPrefixes.Any(p => word.StartsWith(p, StringComparison.Ordinal) && word.Length >= p.Length + 3);
        var englishShape = EnglishSuffixes.Any(word.EndsWith) || EnglishPieces.Any(word.Contains);
        return (indonesianAffix && !englishShape ? AffixWeight : 0, englishShape && !indonesianAffix ? AffixWeight : 0);
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in Intents.TextNormalizer.WellFormed(text).Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetter(c) || (c is '\'' or '\u2019' && word.Length > 0))
            {
                word.Append(c == '\u2019' ? '\'' : char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && word.Length > 0)
            {
                yield return word.ToString().TrimEnd('\'');
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString().TrimEnd('\'');
        }
    }

    private static string SqueezeRuns(string word)
    {
        var squeezed = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (squeezed.Length == 0 || squeezed[^1] != c)
            {
                squeezed.Append(c);
            }
        }

        return squeezed.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:ORD|INV|IT|EMP|CUS)-?\d[\d-]*", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex BusinessId();

    private static string? LanguageFromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        // "id", "id-ID", "in" (the legacy Java code for Indonesian), "en", "en-US", "en_GB".
        var language = locale.Trim().Split('-', '_')[0].ToLowerInvariant();
        return language switch
        {
            "id" or "in" => LanguageCodes.Indonesian,
            "en" => LanguageCodes.English,
            _ => null,
        };
    }
}
