using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Connectors.BackOffice;

internal static partial class DemoBackOffice
{
    public static readonly string[] Carriers = ["JNE", "J&T Express", "SiCepat", "AnterAja", "Pos Indonesia"];

    private static readonly string[] FirstNames =
    [
        "Budi", "Siti", "Agus", "Dewi", "Andi", "Rina", "Joko", "Sri", "Ahmad", "Putri",
        "Hendra", "Nur", "Wahyu", "Ayu", "Rizky", "Fitri", "Dimas", "Indah", "Eko", "Lestari",
        "Bayu", "Maya", "Fajar", "Ratna", "Yusuf", "Wulan", "Arief", "Kartika", "Gilang", "Nadia",
        "Teguh", "Anisa", "Irfan", "Sari", "Rudi", "Melati", "Hadi", "Citra", "Taufik", "Intan",
    ];

    private static readonly string[] LastNames =
    [
        "Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Nugroho", "Setiawan", "Siregar", "Nasution",
        "Simanjuntak", "Gunawan", "Halim", "Rahmawati", "Susanto", "Wibowo", "Hakim", "Purnomo", "Harahap", "Sitompul",
        "Tanjung", "Putra", "Utami", "Permana", "Kurniawan", "Ramadhan", "Firmansyah", "Hutapea", "Manurung", "Lubis",
    ];

    private static readonly (string Name, decimal PriceIdr)[] Products =
    [
        ("Kopi Arabika Gayo 250 g", 95_000), ("Teh Hijau Melati 100 g", 38_000), ("Sambal Bawang Pedas 200 g", 35_000),
        ("Keripik Singkong Balado 250 g", 28_000), ("Batik Tulis Pekalongan", 475_000), ("Kemeja Batik Pria", 289_000),
        ("Kaos Polos Katun Combed", 79_000), ("Sepatu Lari Pria", 559_000), ("Sandal Jepit Karet", 25_000),
        ("Tas Ransel Laptop 15 inci", 329_000), ("Tumbler Stainless 500 ml", 149_000), ("Rice Cooker Digital 1,8 L", 689_000),
        ("Blender Kaca 1,5 L", 425_000), ("Setrika Uap", 315_000), ("Headset Bluetooth", 249_000),
        ("Powerbank 10.000 mAh", 199_000), ("Kabel USB-C 1 m", 45_000), ("Mouse Nirkabel", 129_000),
        ("Lampu LED 12 W", 42_000), ("Sajadah Travel", 89_000), ("Mukena Katun Jepang", 265_000),
        ("Minyak Kayu Putih 60 ml", 27_000), ("Madu Hutan 500 g", 135_000), ("Buku Resep Masakan Nusantara", 118_000),
    ];

    private static readonly string[] Services =
    [
        "Biaya keanggotaan premium 2026", "Biaya pengiriman tambahan", "Layanan instalasi di rumah", "Perpanjangan garansi 1 tahun",
    ];

    private static readonly (string Name, string ManagerTitle, string[] StaffTitles)[] Departments =
    [
        ("Finance", "Finance Manager", ["Accountant", "Finance Officer", "Tax Specialist"]),
        ("IT", "IT Manager", ["IT Support Specialist", "Software Engineer", "Network Administrator"]),
        ("Human Resources", "HR Manager", ["HR Officer", "Recruiter", "Payroll Specialist"]),
        ("Sales", "Sales Manager", ["Account Executive", "Sales Representative", "Customer Success Officer"]),
        ("Operations", "Operations Manager", ["Warehouse Coordinator", "Logistics Officer", "Customer Service Agent"]),
    ];

    private static readonly Dictionary<TicketCategory, string[]> TicketTitles = new()
    {
        [TicketCategory.Hardware] =
            ["Laptop mati total setelah update", "Beberapa tombol keyboard laptop tidak berfungsi", "Monitor kedua tidak terdeteksi", "Baterai laptop cepat habis"],
        [TicketCategory.Software] =
            ["Microsoft Excel sering not responding", "Tidak bisa install aplikasi akuntansi", "Outlook crash saat membuka lampiran", "Permintaan lisensi Adobe Acrobat"],
        [TicketCategory.Network] =
            ["Laptop tidak bisa terhubung ke VPN", "Wi-Fi lantai 2 sering putus", "Internet lambat di ruang rapat", "Tidak bisa akses server file dari rumah"],
        [TicketCategory.Access] =
            ["Reset password akun Windows", "Permintaan akses ke folder bersama Finance", "Akun terkunci setelah salah password", "Permintaan akses aplikasi CRM"],
        [TicketCategory.Email] =
            ["Email tidak masuk sejak pagi", "Kotak surat penuh", "Permintaan alias email untuk tim", "Email eksternal masuk ke spam"],
        [TicketCategory.Printer] =
            ["Printer lantai 3 macet", "Tidak bisa mencetak dari laptop", "Toner printer habis", "Hasil scan tidak terkirim ke email"],
    };
}
