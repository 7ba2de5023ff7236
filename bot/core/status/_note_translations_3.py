"""The registry's notes in Indonesian, part 3 of 3: English note -> Indonesian.

Keyed by each note exactly as ``knowledge/agreements.csv`` has it (generated from the CSV,
so the keys match it byte for byte); :mod:`bot.core.status._notes` makes them ``Text``
values. A translation keeps any ``{placeholder}`` of its note as written.
"""

from __future__ import annotations

from collections.abc import Mapping

INDONESIAN: Mapping[str, str] = {
    (
        "LoI signed by Mayors Jaya Negara and Kon Vatskalis 28 Jun 2021; DPRD Denpasar approved "
        "cooperation Nov 2021 to proceed to MoU (VOI); MoU not confirmed."
    ): (
        "LoI ditandatangani oleh Wali Kota Jaya Negara dan Kon Vatskalis 28 Juni 2021; DPRD "
        "Denpasar menyetujui kerja sama pada November 2021 untuk dilanjutkan ke MoU (VOI); MoU "
        "belum terkonfirmasi."
    ),
    (
        "3 years of waste-management cooperation; Osaki mayor proposes upgrading to sister city "
        "(depok.go.id, 2 Feb 2015); also on Wikipedia list."
    ): (
        "3 tahun kerja sama pengelolaan sampah; Wali Kota Osaki mengusulkan peningkatan menjadi "
        "sister city (depok.go.id, 2 Februari 2015); juga tercantum dalam daftar Wikipedia."
    ),
    (
        "'Friendship city' LoI signed by Sibu Municipal Council chairman Clarence Ting and Mayor "
        "Sumastro."
    ): (
        "LoI 'kota persahabatan' ditandatangani oleh Ketua Sibu Municipal Council Clarence Ting "
        "dan Wali Kota Sumastro."
    ),
    ("Friendship-city LoI with Pontianak 'in planning, yet to be inked' (Feb 2023)."): (
        "LoI kota persahabatan dengan Pontianak 'masih direncanakan, belum ditandatangani' "
        "(Februari 2023)."
    ),
    (
        "Plan only: West Kalimantan vice-governor says Pontianak is preparing a sister city with "
        "Lyon (antara Kalbar, 2015)."
    ): (
        "Baru rencana: Wakil Gubernur Kalimantan Barat menyatakan Pontianak sedang menyiapkan "
        "sister city dengan Lyon (antara Kalbar, 2015)."
    ),
    (
        "Named in passing by the West Kalimantan vice-governor (2015) as an existing sister "
        "city; not confirmed elsewhere (low reliability)."
    ): (
        "Disebut sepintas oleh Wakil Gubernur Kalimantan Barat (2015) sebagai sister city yang "
        "sudah ada; tidak terkonfirmasi di sumber lain (keandalan rendah)."
    ),
    (
        "Sister city agreement signed by Mayor Moch Anton and Fuqing Mayor Zhang Fan at Balai "
        "Kota Malang (education, trade, culture, tourism); also on Wikipedia list."
    ): (
        "Perjanjian sister city ditandatangani oleh Wali Kota Moch Anton dan Wali Kota Fuqing "
        "Zhang Fan di Balai Kota Malang (pendidikan, perdagangan, budaya, pariwisata); juga "
        "tercantum dalam daftar Wikipedia."
    ),
    (
        "Mayor Sutiaji exploring sister city during visit to Nanning (indonesiaonline, c. "
        "2019-2022); no LoI found."
    ): (
        "Wali Kota Sutiaji menjajaki sister city saat berkunjung ke Nanning (indonesiaonline, "
        "sekitar 2019-2022); LoI tidak ditemukan."
    ),
    (
        "LoI (surat pernyataan kehendak) signed by Mayors Ahyar Abduh and Wang Fengjun in "
        "Pengzhou, Sichuan, 'Jumat (18/10)' (antaranews, c. Oct 2019); Mataram deputy mayor "
        "later says city has a sister city in China; also on Wikipedia list."
    ): (
        "LoI (surat pernyataan kehendak) ditandatangani oleh Wali Kota Ahyar Abduh dan Wang "
        "Fengjun di Pengzhou, Sichuan, 'Jumat (18/10)' (antaranews, sekitar Oktober 2019); Wakil "
        "Wali Kota Mataram kemudian menyatakan kota ini memiliki sister city di Tiongkok; juga "
        "tercantum dalam daftar Wikipedia."
    ),
    ("Chinese Consul General proposed sister city 26 Apr 2024; LoI hoped for; no signing found."): (
        "Konsul Jenderal Tiongkok mengusulkan sister city 26 April 2024; LoI diharapkan; "
        "penandatanganan tidak ditemukan."
    ),
    ("Exploring sister city (meeting with Chinese Consul General 21 Apr 2025); no LoI found."): (
        "Penjajakan sister city (pertemuan dengan Konsul Jenderal Tiongkok 21 April 2025); LoI "
        "tidak ditemukan."
    ),
    ("'LoI on Friendly Relationship and Exchange' signed by Mayor Budi Rustandi in Hangzhou."): (
        "'LoI on Friendly Relationship and Exchange' ditandatangani oleh Wali Kota Budi Rustandi "
        "di Hangzhou."
    ),
    (
        "LoI starting sister city programme (tourism & culture, creative economy, HR), signed "
        "June 2025."
    ): (
        "LoI yang memulai program sister city (pariwisata & budaya, ekonomi kreatif, SDM), "
        "ditandatangani Juni 2025."
    ),
    (
        "Sister city 'pernah terjalin pada 2006'; Australian ambassador offered to revive it "
        "(antara, 2012); dormant; also on Wikipedia list."
    ): (
        "Sister city 'pernah terjalin pada 2006'; Duta Besar Australia menawarkan untuk "
        "menghidupkannya kembali (antara, 2012); tidak aktif; juga tercantum dalam daftar "
        "Wikipedia."
    ),
    (
        "Twin-province LoI signed virtually by NT Chief Minister and Governor Zulkieflimansyah "
        "on a Monday, during Ambassador Siswo Pramono's first NT visit (c. 2021-22)."
    ): (
        "LoI provinsi kembar ditandatangani secara virtual oleh Chief Minister NT dan Gubernur "
        "Zulkieflimansyah pada suatu hari Senin, saat kunjungan pertama Duta Besar Siswo Pramono "
        "ke NT (sekitar 2021-22)."
    ),
    (
        "Banten Biro Pemerintahan data (Aug 2019): LoI with Incheon on economy, tourism, S&T, "
        "education, culture; also on Wikipedia list."
    ): (
        "Data Biro Pemerintahan Banten (Agustus 2019): LoI dengan Incheon di bidang ekonomi, "
        "pariwisata, iptek, pendidikan, budaya; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Banten Biro Pemerintahan data (Aug 2019): agreement dated 21 Sep 2012 (investment, "
        "trade, tourism, education, agriculture, culture, youth); document type not stated in "
        "excerpt."
    ): (
        "Data Biro Pemerintahan Banten (Agustus 2019): perjanjian bertanggal 21 September 2012 "
        "(investasi, perdagangan, pariwisata, pendidikan, pertanian, budaya, kepemudaan); jenis "
        "dokumen tidak disebut dalam kutipan."
    ),
    (
        "Banten Biro Pemerintahan data (Aug 2019): South Tangerang signed a LoI with Timrå "
        "municipality; date cut off in excerpt."
    ): (
        "Data Biro Pemerintahan Banten (Agustus 2019): Tangerang Selatan menandatangani LoI "
        "dengan munisipalitas Timrå; tanggal terpotong dalam kutipan."
    ),
    (
        "LoI on forming sister province relations and technical cooperation signed by Governor "
        "Ahmad Heryawan and Incheon Mayor Yoo Jeong-bok in Incheon."
    ): (
        "LoI tentang pembentukan hubungan sister province dan kerja sama teknis ditandatangani "
        "oleh Gubernur Ahmad Heryawan dan Wali Kota Incheon Yoo Jeong-bok di Incheon."
    ),
    (
        "Makassar 'already has a sister city relationship with Lismore, New South Wales' "
        "(Makassar city smart-city blog / celebes-news, Mar-Apr 2017); also Wikipedia list."
    ): (
        "Makassar 'sudah memiliki hubungan sister city dengan Lismore, New South Wales' (blog "
        "smart city Kota Makassar / celebes-news, Maret-April 2017); juga tercantum dalam daftar "
        "Wikipedia."
    ),
    (
        "Exploration with Taipei Economic and Trade Office (31 Mar 2017); Sep 2017 city official "
        "mentions follow-up of an LoI with 'Taiwan'. NB Indonesia has no diplomatic relations "
        "with Taiwan, a condition in PP 28/2018, so no formal KSDPL possible."
    ): (
        "Penjajakan dengan Taipei Economic and Trade Office (31 Maret 2017); pada September 2017 "
        "seorang pejabat kota menyebut tindak lanjut LoI dengan 'Taiwan'. NB: Indonesia tidak "
        "memiliki hubungan diplomatik dengan Taiwan, yang merupakan syarat dalam PP 28/2018, "
        "sehingga KSDPL formal tidak mungkin dilakukan."
    ),
    (
        "Kota bersaudara letter no. 650/356/bintal-85 dated 18 Jan 1985 (city archives); active "
        "~20 years, dormant since 2000s, revival discussed 2023. Another article says 1995, a "
        "third 1986; also on Wikipedia list."
    ): (
        "Surat kota bersaudara no. 650/356/bintal-85 tertanggal 18 Januari 1985 (arsip kota); "
        "aktif sekitar 20 tahun, tidak aktif sejak 2000-an, upaya menghidupkannya kembali "
        "dibahas 2023. Artikel lain menyebut 1995, artikel ketiga 1986; juga tercantum dalam "
        "daftar Wikipedia."
    ),
    (
        "Friendship-city agreement Mar 2023 in Salatiga; LoI on establishing sister city signed "
        "6 Dec 2023 at Mungyeong STX resort, sister city promised within a year (Shinailbo 7 Dec "
        "2023); Apr 2025 Salatiga offered MoU fields (suaraperistiwa); exchanges since 2015; "
        "also on Wikipedia list."
    ): (
        "Perjanjian kota persahabatan Maret 2023 di Salatiga; LoI pembentukan sister city "
        "ditandatangani 6 Desember 2023 di resor STX Mungyeong, sister city dijanjikan dalam "
        "setahun (Shinailbo 7 Desember 2023); April 2025 Salatiga menawarkan bidang-bidang MoU "
        "(suaraperistiwa); pertukaran sejak 2015; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Mayor Gibran proposed sister city agreements in culture with Gimhae (15 Feb 2023, VOI); "
        "no LoI found."
    ): (
        "Wali Kota Gibran mengusulkan perjanjian sister city di bidang budaya dengan Gimhae (15 "
        "Februari 2023, VOI); LoI tidak ditemukan."
    ),
    (
        "Sister-relationship letters of intent exchanged by Hamyang county head Seo Chun-su and "
        "Bupati Ade Yasin (Korean press date 29 Jul 2019)."
    ): (
        "Surat pernyataan kehendak hubungan persaudaraan dipertukarkan oleh Kepala County "
        "Hamyang Seo Chun-su dan Bupati Ade Yasin (tanggal pers Korea 29 Juli 2019)."
    ),
    (
        "International sister city agreement signed at Gimcheon City Hall on the 12th, during "
        "Gimcheon Citizens' Day 2017, by Bupati Imas Aryumningsih (Korean press calls Subang a "
        "'city'); exchanges since 2014; also on Wikipedia list."
    ): (
        "Perjanjian sister city internasional ditandatangani di Balai Kota Gimcheon pada tanggal "
        "12, saat Hari Warga Gimcheon 2017, oleh Bupati Imas Aryumningsih (pers Korea menyebut "
        "Subang sebagai 'kota'); pertukaran sejak 2014; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "International friendship agreement 2013; sister city agreement signed 25 Nov 2016 by "
        "Mayor Hendrar Prihadi and Jung-gu head Park Seong-min, for 5 years (i.e. to c. 2021; "
        "renewal not found)."
    ): (
        "Perjanjian persahabatan internasional 2013; perjanjian sister city ditandatangani 25 "
        "November 2016 oleh Wali Kota Hendrar Prihadi dan Kepala Jung-gu Park Seong-min, untuk 5 "
        "tahun (yakni hingga sekitar 2021; pembaruan tidak ditemukan)."
    ),
    (
        "Indonesian party: Desa Mas, a village in Kabupaten Gianyar. Village-level link: CLAIR "
        "data as summarised by a Japanese blog (2018) lists Misato town - Mas village, Bali "
        "among 7 Japan-Indonesia pairs; not a province/kab/kota agreement."
    ): (
        "Pihak Indonesia: Desa Mas, sebuah desa di Kabupaten Gianyar. Hubungan tingkat desa: "
        "data CLAIR sebagaimana dirangkum sebuah blog Jepang (2018) mencantumkan kota kecil "
        "Misato - Desa Mas, Bali, di antara 7 pasangan Jepang-Indonesia; bukan perjanjian "
        "tingkat provinsi/kab/kota."
    ),
    (
        "Global Times (30 Jul 2021, translating The Diplomat) lists Henan among West Java's "
        "sister provinces (with Guangxi, Chongqing, Sichuan, Heilongjiang); no date."
    ): (
        "Global Times (30 Juli 2021, menerjemahkan The Diplomat) mencantumkan Henan di antara "
        "sister province Jawa Barat (bersama Guangxi, Chongqing, Sichuan, Heilongjiang); tanpa "
        "tanggal."
    ),
    (
        "Memorandum on promoting the building of a sister-city relationship signed at Jinning on "
        "19 Jun 2024 (Yunnan friendship association page); exchanges since 2008."
    ): (
        "Memorandum tentang dorongan pembentukan hubungan sister city ditandatangani di Jinning "
        "pada 19 Juni 2024 (laman asosiasi persahabatan Yunnan); pertukaran sejak 2008."
    ),
    (
        "LoI for sister province signed by Governor Mahyeldi in Kunming, Fri 20 Jun 2025 "
        "(agriculture & trade, tourism, education, energy, creative industry); MoU to follow."
    ): (
        "LoI sister province ditandatangani oleh Gubernur Mahyeldi di Kunming, Jumat 20 Juni "
        "2025 (pertanian & perdagangan, pariwisata, pendidikan, energi, industri kreatif); MoU "
        "akan menyusul."
    ),
    (
        "Friendship-exchange document signed in Semarang by Bupati Hamenang Wajar Ismoyo with "
        "Zhangzhou representative, witnessed by Central Java and Fujian governors; start of "
        "planned sister city MoU (article says 'Kabupaten Nanjing')."
    ): (
        "Dokumen pertukaran persahabatan ditandatangani di Semarang oleh Bupati Hamenang Wajar "
        "Ismoyo dengan perwakilan Zhangzhou, disaksikan Gubernur Jawa Tengah dan Gubernur "
        "Fujian; awal dari rencana MoU sister city (artikel menyebut 'Kabupaten Nanjing')."
    ),
    (
        "Subject of UIN Sunan Ampel thesis (2019) on the Surabaya-Guangzhou sister city regime; "
        "also cited by West Kalimantan vice-governor (2015) and Wikipedia list; date not in "
        "excerpt."
    ): (
        "Menjadi pokok skripsi UIN Sunan Ampel (2019) tentang rezim sister city "
        "Surabaya-Guangzhou; juga disebut oleh Wakil Gubernur Kalimantan Barat (2015) dan daftar "
        "Wikipedia; tanggal tidak ada dalam kutipan."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; China list says 'Suzhou, "
        "Anhui' (not Suzhou, Jiangsu)."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "daftar Tiongkok menyebut 'Suzhou, Anhui' (bukan Suzhou, Jiangsu)."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan."
    ),
    (
        "Sigli is the capital of Kabupaten Pidie. Wikipedia list (en 'List of twin towns and "
        "sister cities in ...', via Hekman/twincities scrape Feb 2026); citation not checked - "
        "treat as uncited; listed from Turkey page as 'Sigli'."
    ): (
        "Sigli adalah ibu kota Kabupaten Pidie. Daftar Wikipedia (en 'List of twin towns and "
        "sister cities in ...', melalui scrape Hekman/twincities Februari 2026); rujukan belum "
        "diperiksa - anggap tanpa rujukan; dicantumkan dari laman Turki sebagai 'Sigli'."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from Turkey page."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Turki."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from China page."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Tiongkok."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from Hungary page."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Hungaria."
    ),
    (
        "Listed as 'Kota Tua (Jakarta)', the old town of Jakarta. Wikipedia list (en 'List of "
        "twin towns and sister cities in ...', via Hekman/twincities scrape Feb 2026); citation "
        "not checked - treat as uncited; Malaysia page lists 'Kota Tua (Jakarta)'."
    ): (
        "Dicantumkan sebagai 'Kota Tua (Jakarta)', kawasan kota tua Jakarta. Daftar Wikipedia "
        "(en 'List of twin towns and sister cities in ...', melalui scrape Hekman/twincities "
        "Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; laman Malaysia "
        "mencantumkan 'Kota Tua (Jakarta)'."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from Ukraine page."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Ukraina."
    ),
    (
        "Indonesian party: Otorita Ibu Kota Nusantara (IKN), in Kalimantan Timur; listed under "
        "the province. Wikipedia list (en 'List of twin towns and sister cities in ...', via "
        "Hekman/twincities scrape Feb 2026); citation not checked - treat as uncited."
    ): (
        "Pihak Indonesia: Otorita Ibu Kota Nusantara (IKN), di Kalimantan Timur; dicantumkan di "
        "bawah provinsi tersebut. Daftar Wikipedia (en 'List of twin towns and sister cities in "
        "...', melalui scrape Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap "
        "tanpa rujukan."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from China page; "
        "forum and mailing-list posts also mention Palembang-Melaka and Palembang-Venice "
        "(unverified)."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Tiongkok; unggahan forum dan milis juga menyebut "
        "Palembang-Melaka dan Palembang-Venesia (belum terverifikasi)."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; listed from China page; "
        "Global Times 2021 says East Java has built relations with Shanghai, Tianjin, Guangxi, "
        "Shandong, Zhejiang, Jiangxi."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "dicantumkan dari laman Tiongkok; Global Times 2021 menyebut Jawa Timur telah menjalin "
        "hubungan dengan Shanghai, Tianjin, Guangxi, Shandong, Zhejiang, Jiangxi."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; NB Indonesia has no "
        "diplomatic relations with Taiwan (PP 28/2018 condition), so this cannot be a formal "
        "KSDPL."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; NB: "
        "Indonesia tidak memiliki hubungan diplomatik dengan Taiwan (syarat PP 28/2018), "
        "sehingga ini tidak dapat menjadi KSDPL formal."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; NB no RI-Taiwan diplomatic "
        "relations; cannot be a formal KSDPL."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; NB: "
        "tidak ada hubungan diplomatik RI-Taiwan; tidak dapat menjadi KSDPL formal."
    ),
    (
        "Wikipedia list (en 'List of twin towns and sister cities in ...', via Hekman/twincities "
        "scrape Feb 2026); citation not checked - treat as uncited; Yogyakarta's documented "
        "Suriname link is with Commewijne District (LoI 2009, MoU 2011)."
    ): (
        "Daftar Wikipedia (en 'List of twin towns and sister cities in ...', melalui scrape "
        "Hekman/twincities Februari 2026); rujukan belum diperiksa - anggap tanpa rujukan; "
        "hubungan Yogyakarta dengan Suriname yang terdokumentasi adalah dengan Distrik "
        "Commewijne (LoI 2009, MoU 2011)."
    ),
}
