namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>
/// Indonesian and English words for the same policy ideas. The embedding model is English-trained and BM25 matches words,
/// so an Indonesian question about an English document would find little; the question is widened with the other
/// language's words for the terms it uses ("pengembalian dana" also asks for "refund"). A small, curated list: what the
/// seed corpus and customers ask about, measured in docs/knowledge-benchmarks.md. Indonesian chunks are embedded with
/// these words too (<see cref="Library.KnowledgeLibrary"/>): a change to the pairs needs a new recipe in its EmbeddingKey
/// so that kb reindex embeds them again.
/// </summary>
public static class PolicyGlossary
{
    // Indonesian (lower case, as written) → English. Multi-word keys are matched before single words.
    private static readonly (string Indonesian, string English)[] Pairs =
    [
        ("pengembalian dana", "refund"), ("uang kembali", "refund"), ("refund", "refund"), ("pengembalian", "return"),
        ("mengembalikan", "return"), ("kembalikan", "return"), ("retur", "return"), ("tukar", "exchange"),
        ("penukaran", "exchange"), ("garansi", "warranty"), ("jaminan", "warranty"), ("rusak", "damaged defective"),
        ("cacat", "defective"), ("pengiriman", "shipping delivery"), ("kirim", "shipping"), ("dikirim", "shipped"),
        ("ongkos kirim", "shipping cost fee"), ("ongkir", "shipping cost fee"), ("biaya", "fee cost"), ("gratis", "free"),
        ("kurir", "courier carrier"), ("lacak", "track tracking"), ("resi", "tracking number"), ("paket", "parcel package"),
        ("pesanan", "order"), ("batal", "cancel"), ("pembatalan", "cancellation"), ("pembayaran", "payment"),
        ("bayar", "pay payment"), ("kartu kredit", "credit card"), ("cicilan", "instalment installment"),
        ("transfer bank", "bank transfer"), ("dompet digital", "e-wallet"), ("faktur", "invoice"), ("tagihan", "invoice bill"),
        ("data pribadi", "personal data"), ("privasi", "privacy"), ("hapus", "delete erase"), ("penghapusan", "deletion erasure"),
        ("cuti tahunan", "annual leave"), ("cuti sakit", "sick leave"), ("cuti melahirkan", "maternity leave"),
        ("cuti", "leave"), ("libur", "holiday"), ("hari kerja", "working days"), ("sisa cuti", "leave balance"),
        ("kerja jarak jauh", "remote work"), ("kerja dari rumah", "work from home remote"), ("wfh", "work from home remote"),
        ("perjalanan dinas", "business travel"), ("perjalanan", "travel trip"), ("hotel", "hotel accommodation"),
        ("penginapan", "accommodation hotel"), ("tiket pesawat", "flight ticket"), ("penerbangan", "flight"),
        ("uang harian", "per diem daily allowance"), ("biaya perjalanan", "travel expenses"), ("penggantian", "reimbursement"),
        ("klaim", "claim"), ("kuitansi", "receipt"), ("struk", "receipt"), ("kata sandi", "password"), ("sandi", "password"),
        ("keamanan", "security"), ("perangkat", "device"), ("laptop", "laptop"), ("surel", "email"), ("email", "email"),
        ("penipuan", "phishing fraud"), ("phishing", "phishing"), ("virus", "malware virus"), ("asuransi", "insurance"),
        ("kesehatan", "health"), ("rawat inap", "inpatient hospital"), ("rawat jalan", "outpatient"), ("gigi", "dental"),
        ("kacamata", "glasses optical"), ("rumah sakit", "hospital"), ("dokter", "doctor"), ("tunjangan", "allowance benefit"),
        ("kode etik", "code of conduct"), ("hadiah", "gift"), ("suap", "bribery"), ("konflik kepentingan", "conflict of interest"),
        ("pelecehan", "harassment"), ("pelanggaran", "violation breach"), ("lapor", "report"), ("melaporkan", "report"),
        ("keluhan", "complaint"), ("pengaduan", "complaint"), ("jam kerja", "working hours"), ("lembur", "overtime"),
        ("gaji", "salary pay"), ("slip gaji", "payslip"), ("karyawan", "employee"), ("pelanggan", "customer"),
        ("hari", "days"), ("minggu", "weeks"), ("bulan", "months"), ("tahun", "year"), ("berapa lama", "how long"),
        ("batas", "limit"), ("maksimal", "maximum"), ("minimal", "minimum"), ("syarat", "conditions requirements"),
        ("kebijakan", "policy"), ("aturan", "rules policy"), ("aksesibilitas", "accessibility"), ("disabilitas", "disability"),
        ("kontak", "contact"), ("hubungi", "contact"), ("telepon", "phone"),
    ];

    private static readonly (string English, string Indonesian)[] Reverse = Pairs
        .SelectMany(pair => pair.English.Split(' ').Select(word => (word, pair.Indonesian)))
        .GroupBy(pair => pair.word, StringComparer.Ordinal)
        .Select(group => (group.Key, string.Join(' ', group.Select(p => p.Indonesian).Distinct())))
        .ToArray();

    /// <summary>
    /// The other language's words for the policy terms in <paramref name="question"/>, space-separated; empty when it uses
    /// none. <paramref name="language"/> is the question's language ("id" or anything else for English).
    /// </summary>
    public static string Translate(string question, string? language)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = " " + string.Join(' ', question.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '?', '!', '.', ',', ';', ':'], StringSplitOptions.RemoveEmptyEntries)) + " ";
        var found = new List<string>();
        if (string.Equals(language, "id", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (indonesian, english) in Pairs.OrderByDescending(p => p.Indonesian.Length))
            {
                var key = " " + indonesian + " ";
                if (text.Contains(key, StringComparison.Ordinal))
                {
                    found.Add(english);
                    text = text.Replace(key, " ", StringComparison.Ordinal);
                }
            }
        }
        else
        {
            foreach (var (english, indonesian) in Reverse)
            {
                if (text.Contains(" " + english + " ", StringComparison.Ordinal))
                {
                    found.Add(indonesian);
                }
            }
        }

        return string.Join(' ', found.Distinct(StringComparer.Ordinal));
    }
}
