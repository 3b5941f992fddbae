using System.Collections.Frozen;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Maps common informal Indonesian chat spellings and abbreviations to the formal word ("gak" → "tidak", "udah" →
/// "sudah", "sy" → "saya", "gimana" → "bagaimana"), word by word, on text already through <see cref="TextNormalizer"/>.
/// Lets the word n-grams count "belum dikirim" and "blm dikirim" as the same evidence. Only words that are not also
/// ordinary English chat words are mapped, because the map runs on every message whatever its language.
/// </summary>
internal static class IndonesianSpelling
{
    private static readonly FrozenDictionary<string, string> Formal = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gak"] = "tidak", ["ga"] = "tidak", ["gk"] = "tidak", ["nggak"] = "tidak", ["ngga"] = "tidak", ["ngak"] = "tidak",
        ["enggak"] = "tidak", ["engga"] = "tidak", ["tdk"] = "tidak", ["kagak"] = "tidak",
        ["udah"] = "sudah", ["udh"] = "sudah", ["sdh"] = "sudah", ["dah"] = "sudah", ["uda"] = "sudah",
        ["blm"] = "belum", ["blom"] = "belum", ["belom"] = "belum", ["lum"] = "belum",
        ["sy"] = "saya", ["aku"] = "saya", ["gue"] = "saya", ["gw"] = "saya", ["ane"] = "saya",
        ["gmn"] = "bagaimana", ["gimana"] = "bagaimana", ["gmana"] = "bagaimana", ["bgmn"] = "bagaimana", ["gimn"] = "bagaimana",
        ["yg"] = "yang", ["dgn"] = "dengan", ["dg"] = "dengan", ["utk"] = "untuk", ["tuk"] = "untuk",
        ["tp"] = "tapi", ["tpi"] = "tapi", ["krn"] = "karena", ["karna"] = "karena", ["jg"] = "juga", ["jga"] = "juga",
        ["sm"] = "sama", ["bs"] = "bisa", ["bsa"] = "bisa", ["kalo"] = "kalau", ["klo"] = "kalau", ["kl"] = "kalau",
        ["aja"] = "saja", ["aj"] = "saja", ["lg"] = "lagi", ["skrg"] = "sekarang", ["skrng"] = "sekarang", ["skg"] = "sekarang",
        ["brp"] = "berapa", ["brapa"] = "berapa", ["dmn"] = "dimana", ["kpn"] = "kapan", ["knp"] = "kenapa", ["napa"] = "kenapa",
        ["tgl"] = "tanggal", ["org"] = "orang", ["bgt"] = "banget", ["hrs"] = "harus", ["msh"] = "masih", ["mksd"] = "maksud",
        ["sampe"] = "sampai", ["ampe"] = "sampai", ["tau"] = "tahu", ["pengen"] = "ingin", ["pingin"] = "ingin", ["pgn"] = "ingin",
        ["bikin"] = "buat", ["batalin"] = "batalkan", ["dibatalin"] = "dibatalkan", ["ngajuin"] = "mengajukan", ["ajuin"] = "ajukan",
        ["cariin"] = "carikan", ["kirimin"] = "kirimkan", ["cekin"] = "cekkan", ["tolongin"] = "tolong", ["bantuin"] = "bantu",
        ["gantiin"] = "gantikan", ["balikin"] = "kembalikan", ["makasih"] = "terima kasih", ["makasi"] = "terima kasih",
        ["mksh"] = "terima kasih", ["trims"] = "terima kasih", ["trus"] = "terus", ["trs"] = "terus", ["pake"] = "pakai",
        ["dpt"] = "dapat", ["dapet"] = "dapat", ["bln"] = "bulan", ["thn"] = "tahun", ["mgg"] = "minggu",
        ["bkn"] = "bukan", ["emg"] = "memang", ["emang"] = "memang", ["td"] = "tadi", ["kmrn"] = "kemarin", ["kemaren"] = "kemarin",
        ["gini"] = "begini", ["gitu"] = "begitu", ["ngecek"] = "cek", ["dicekin"] = "dicek", ["liat"] = "lihat", ["ngeliat"] = "lihat",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Formalize(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var changed = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (Formal.TryGetValue(words[i], out var formal))
            {
                words[i] = formal;
                changed = true;
            }
        }

        return changed ? string.Join(' ', words) : normalized;
    }
}
